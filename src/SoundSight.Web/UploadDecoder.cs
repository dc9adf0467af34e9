using System.Globalization;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;

namespace SoundSight.Web;

/// <summary>
/// Turns uploaded bytes into the library's inputs, judging them by their content (never by name or declared type)
/// and within the server's limits. Every refusal is an <see cref="ApiProblem"/> naming the client's file name,
/// never a server path.
/// </summary>
public sealed class UploadDecoder(ServeOptions limits)
{
    private readonly ImageDecoder _images = new();

    /// <summary>
    /// A picture: its header is read first (the pixel count is checked before any pixel is decoded), then the
    /// library decodes it.
    /// </summary>
    public RgbImage Picture(byte[] bytes, string name)
    {
        if (bytes.Length == 0)
        {
            throw ApiProblem.Corrupt($"{name}: empty file, not a picture");
        }
        using (var data = SKData.CreateCopy(bytes))
        using (var stream = new SKMemoryStream(data))
        using (var codec = SKCodec.Create(stream, out var result))
        {
            if (codec is null)
            {
                throw result == SKCodecResult.IncompleteInput && HasImageSignature(bytes)
                    ? ApiProblem.Corrupt($"{name}: truncated picture (the header is incomplete)")
                    : ApiProblem.WrongType($"{name}: not a picture in a supported format (JPEG, PNG, WebP, BMP, GIF); for a video use the video field");
            }
            var pixels = (long)codec.Info.Width * codec.Info.Height;
            if (pixels > limits.MaxImagePixels)
            {
                throw ApiProblem.TooLarge(string.Format(CultureInfo.InvariantCulture,
                    "{0}: the picture is {1} x {2} pixels; this server takes at most {3:0.#} megapixels", name, codec.Info.Width, codec.Info.Height, limits.MaxImagePixels / 1e6));
            }
        }
        try
        {
            return _images.Decode(bytes, name);
        }
        catch (InputException e)
        {
            throw ApiProblem.Corrupt($"{name}: {e.Problem}");
        }
    }

    /// <summary>
    /// A sound saved at <paramref name="path"/>: a WAV (by its RIFF/WAVE header) is read exactly as the library
    /// reads WAVs; anything else must be audio that ffprobe recognises, within the length limit, before ffmpeg
    /// decodes it. The clip's source is the saved file (the file must stay until the model has run); messages and
    /// answers name the sound by <paramref name="name"/>.
    /// </summary>
    public AudioClip Sound(string path, string name)
    {
        try
        {
            if (!IsWav(path))
            {
                MediaInfo info;
                try
                {
                    info = MediaInfo.Probe(path);
                }
                catch (InputException)
                {
                    throw ApiProblem.WrongType($"{name}: not a sound in a format this server reads (WAV, or audio ffmpeg decodes: MP3, OGG, WebM, M4A, FLAC...)");
                }
                if (!info.HasAudio)
                {
                    throw ApiProblem.WrongType($"{name}: has no audio stream, not a sound");
                }
                CheckLength(info.DurationSeconds, limits.MaxAudioSeconds, name, "sound");
            }
            // The clip keeps its file as its source: the competing methods' front ends read the file themselves.
            var clip = AudioLoader.Load(path);
            CheckLength(clip.DurationSeconds, limits.MaxAudioSeconds, name, "sound");
            return clip;
        }
        catch (InputException e)
        {
            throw ApiProblem.Corrupt($"{name}: {e.Problem}");
        }
    }

    /// <summary>A video saved at <paramref name="path"/>: a video stream with sound, within the size and length limits.</summary>
    public MediaInfo Video(string path, string name)
    {
        MediaInfo info;
        try
        {
            info = MediaInfo.Probe(path);
        }
        catch (InputException)
        {
            throw ApiProblem.WrongType($"{name}: not a video in a format ffmpeg reads");
        }
        if (!info.HasVideo || info.Width <= 0 || info.Height <= 0)
        {
            throw ApiProblem.WrongType($"{name}: has no video stream");
        }
        if (!info.HasAudio)
        {
            throw ApiProblem.WrongType($"{name}: has no audio stream, so there is nothing to localize");
        }
        if ((long)info.Width * info.Height > limits.MaxImagePixels)
        {
            throw ApiProblem.TooLarge(string.Format(CultureInfo.InvariantCulture,
                "{0}: the video is {1} x {2} pixels; this server takes at most {3:0.#} megapixels", name, info.Width, info.Height, limits.MaxImagePixels / 1e6));
        }
        CheckLength(info.DurationSeconds, limits.MaxVideoSeconds, name, "video");
        return info;
    }

    private static void CheckLength(double seconds, double limit, string name, string what)
    {
        if (seconds > limit)
        {
            throw ApiProblem.TooLong(string.Format(CultureInfo.InvariantCulture,
                "{0}: the {1} lasts {2:0.#} s; this server takes at most {3:0.#} s", name, what, seconds, limit));
        }
    }

    // Skia calls any short unknown input "incomplete": only a file that starts like a picture is a truncated one.
    private static bool HasImageSignature(ReadOnlySpan<byte> b) =>
        b.StartsWith([(byte)0xFF, (byte)0xD8]) || b.StartsWith([(byte)0x89, (byte)'P', (byte)'N', (byte)'G'])
        || b.StartsWith("GIF8"u8) || b.StartsWith("BM"u8) || (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8));

    private static bool IsWav(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var read = f.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        return read == 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8)) && head[8..12].SequenceEqual("WAVE"u8);
    }
}
