using System.Buffers.Binary;
using System.Globalization;
using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.IO;
using SoundSight.Media;

namespace SoundSight.Preparation;

/// <summary>
/// Prepares one clip with ffmpeg: the frame (JPEG) and the clip's sound (mono 16-bit WAV at the target rate),
/// each written atomically, so a killed run never leaves half a file. An output that already exists is kept
/// (outputs are complete by construction), so a resumed clip is never written twice. Problems with the media
/// become a <see cref="PrepareFailure"/> with its reason.
/// </summary>
public sealed class ClipPreparer
{
    private readonly PrepareSettings _settings;

    public ClipPreparer(PrepareSettings settings)
    {
        _settings = settings;
    }

    /// <returns>Where the clip starts in its source, seconds.</returns>
    public double Prepare(SourceItem item, string imagePath, string audioPath)
    {
        var video = Probe(item.Source);
        var sound = item.AudioSource is null ? video : Probe(item.AudioSource);
        if (!video.HasVideo)
        {
            throw new PrepareFailure(FailureKind.NoVideoStream, "no video stream (audio only)");
        }
        if (!sound.HasAudio)
        {
            throw new PrepareFailure(FailureKind.NoAudioStream, item.AudioSource is null ? "no audio stream (video only)" : $"{item.AudioSource}: no audio stream");
        }
        var start = ClipStart(item, sound.DurationSeconds);
        if (File.Exists(imagePath) && File.Exists(audioPath))
        {
            return start;
        }
        if (item.IsPicturePair)
        {
            var samples = Sound(item.AudioSource!, start, imageTemp: null);
            AtomicFile.WriteAllBytes(imagePath, PictureAsJpeg(item.Source));
            WavWriter.WritePcm16Mono(audioPath, samples, _settings.SampleRate);
            return start;
        }
        // One ffmpeg run decodes both; the frame goes to a temporary file beside its target, the sound through a
        // pipe. Nothing is renamed into place until both are good, so a clip that fails leaves nothing behind.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(imagePath))!);
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(imagePath))!, $".{Path.GetFileName(imagePath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var samples = Sound(item.Source, start, temp, video.DurationSeconds);
            if (!File.Exists(temp) || new FileInfo(temp).Length == 0)
            {
                throw new PrepareFailure(FailureKind.DecodeError, $"no frame at {FrameDescription(start)} (truncated video?)");
            }
            if (!File.Exists(imagePath))
            {
                File.Move(temp, imagePath);
            }
            if (!File.Exists(audioPath))
            {
                WavWriter.WritePcm16Mono(audioPath, samples, _settings.SampleRate);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return start;
    }

    /// <summary>
    /// The clip start: given, or for a VGGSound name (<c>ytid_000032</c>) the named second when the file is long
    /// enough to be the full video, else 0 (the file is the downloaded 10-s clip itself).
    /// </summary>
    public double ClipStart(SourceItem item, double duration)
    {
        if (item.ClipStartSeconds is { } given)
        {
            return given;
        }
        if (!item.IsPicturePair && VggSoundClip.TryParse(item.Source, out var clip) && clip.StartSeconds > 0
            && duration >= clip.StartSeconds + _settings.ClipSeconds - _settings.ShortfallToleranceSeconds)
        {
            return clip.StartSeconds;
        }
        return 0;
    }

    private static MediaInfo Probe(string path)
    {
        try
        {
            return MediaInfo.Probe(path);
        }
        catch (InputException e)
        {
            throw new PrepareFailure(FailureKind.CorruptContainer, e.Problem);
        }
    }

    private string FrameDescription(double start) => _settings.FrameIndex is { } n
        ? $"frame #{n}"
        : $"{(start + _settings.FrameSeconds).ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>Output options that write the clip's frame as one JPEG to <paramref name="path"/>.</summary>
    private List<string> FrameOutput(string path)
    {
        var c = CultureInfo.InvariantCulture;
        List<string> args = ["-map", "0:v:0"];
        // Timestamps start at 0 at the clip start (input seek); output -ss keeps the first frame at or after it.
        args.AddRange(_settings.FrameIndex is { } n
            ? ["-vf", $"select=eq(n\\,{n})", "-fps_mode", "passthrough"]
            : ["-ss", _settings.FrameSeconds.ToString("R", c)]);
        args.AddRange(["-frames:v", "1", "-f", "image2", "-update", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p",
            "-q:v", _settings.JpegQuality.ToString(c), "-y", path]);
        return args;
    }

    private byte[] PictureAsJpeg(string picture)
    {
        if (picture.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || picture.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(picture); // the picture as it is: no re-encoding
        }
        return Decode(picture, ["-v", "error", "-nostdin", "-i", picture, "-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg",
            "-pix_fmt", "yuvj420p", "-q:v", _settings.JpegQuality.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
    }

    /// <summary>
    /// The clip's sound (ffmpeg downmixes to mono and resamples), exactly ClipSeconds of samples; with
    /// <paramref name="imageTemp"/>, the same ffmpeg run also writes the frame there.
    /// </summary>
    private short[] Sound(string media, double start, string? imageTemp, double duration = 0)
    {
        var c = CultureInfo.InvariantCulture;
        if (imageTemp is not null && _settings.FrameIndex is null && duration > 0 && start + _settings.FrameSeconds >= duration)
        {
            throw new PrepareFailure(FailureKind.TooShort, $"no frame at {FrameDescription(start)}: the video lasts {duration.ToString("0.##", c)} s");
        }
        List<string> args =
        [
            "-v", "error", "-nostdin", "-ss", start.ToString("R", c), "-t", _settings.ClipSeconds.ToString("R", c), "-i", media,
            "-map", "0:a:0", "-ac", "1", "-ar", _settings.SampleRate.ToString(c), "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1",
        ];
        if (imageTemp is not null)
        {
            args.AddRange(FrameOutput(imageTemp));
        }
        var raw = Decode(media, args);
        var wanted = (int)Math.Round(_settings.ClipSeconds * _settings.SampleRate);
        var got = raw.Length / 2;
        if (got < wanted - (_settings.ShortfallToleranceSeconds * _settings.SampleRate))
        {
            throw new PrepareFailure(FailureKind.TooShort, string.Create(c,
                $"{(double)got / _settings.SampleRate:0.00} s of sound from {start:0.###} s, shorter than the {_settings.ClipSeconds:0.##}-s window"));
        }
        var samples = new short[wanted]; // a last fraction of a second missing (encoder padding) stays silent
        for (var i = 0; i < Math.Min(got, wanted); i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(2 * i));
        }
        return samples;
    }

    private static byte[] Decode(string media, IEnumerable<string> args)
    {
        try
        {
            return Ffmpeg.Run("ffmpeg", media, args);
        }
        catch (InputException e)
        {
            throw new PrepareFailure(FailureKind.DecodeError, e.Problem);
        }
    }
}
