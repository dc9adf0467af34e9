using System.Globalization;
using SoundSight.Imaging;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>
/// The frame of a video at a time: ffmpeg's accurate seek gives the first frame whose timestamp is at or after
/// <c>seconds</c>; rotation metadata is applied as ffmpeg's autorotate does. The frame travels as PNG through a
/// pipe, so it decodes exactly like a picture on disk.
/// </summary>
public sealed class VideoFrameReader
{
    private readonly ImageDecoder _decoder = new();

    public RgbImage ReadFrame(string video, double seconds)
    {
        var info = MediaInfo.Probe(video);
        if (!info.HasVideo)
        {
            throw new InputException(video, "has no video stream");
        }
        if (seconds < 0 || (info.DurationSeconds > 0 && seconds >= info.DurationSeconds))
        {
            throw new InputException(video, $"time {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s is outside the video (duration {info.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)");
        }
        var png = Ffmpeg.Run("ffmpeg", video,
        [
            "-v", "error", "-nostdin", "-ss", seconds.ToString("R", CultureInfo.InvariantCulture), "-i", video,
            "-map", "0:v:0", "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-pix_fmt", "rgb24", "pipe:1",
        ]);
        if (png.Length == 0)
        {
            throw new InputException(video, $"no frame at {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s (truncated video?)");
        }
        return _decoder.Decode(png, $"{video}@{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
    }
}
