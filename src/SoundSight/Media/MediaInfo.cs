using System.Globalization;
using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>What ffprobe says about a media file: duration and its first video and audio streams.</summary>
public sealed record MediaInfo(
    string Path,
    double DurationSeconds,
    bool HasVideo,
    int Width,
    int Height,
    bool HasAudio,
    int SampleRate,
    int Channels)
{
    public static MediaInfo Probe(string path)
    {
        var json = Ffmpeg.Run("ffprobe", path, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        double duration = 0;
        if (root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d))
        {
            double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out duration);
        }
        bool hasVideo = false, hasAudio = false;
        int width = 0, height = 0, rate = 0, channels = 0;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var s in streams.EnumerateArray())
            {
                var type = s.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                if (type == "video" && !hasVideo && !IsAttachedPicture(s))
                {
                    hasVideo = true;
                    width = s.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
                    height = s.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
                }
                else if (type == "audio" && !hasAudio)
                {
                    hasAudio = true;
                    rate = s.TryGetProperty("sample_rate", out var r) && int.TryParse(r.GetString(), out var parsed) ? parsed : 0;
                    channels = s.TryGetProperty("channels", out var c) ? c.GetInt32() : 0;
                }
            }
        }
        if (!hasVideo && !hasAudio)
        {
            throw new InputException(path, "no audio or video stream");
        }
        return new MediaInfo(path, duration, hasVideo, width, height, hasAudio, rate, channels);
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.TryGetProperty("attached_pic", out var attached)
        && attached.GetInt32() == 1;
}
