using System.Buffers.Binary;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Media;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// A sound as the competing methods' audio_io.load_audio_av sees it: mono int16 samples at the file's own rate
/// (<see cref="PyAvMonoPcm16"/>), and the stream's duration in samples (what <c>stream.duration * time_base</c>
/// gives, times the rate; for a WAV file, the frames its data chunk holds).
/// </summary>
/// <remarks>
/// Named deviation for anything but WAV (the official loaders only read .wav): the file goes through the ffmpeg
/// command line (<c>-ac 1 -f s16le</c>, the same libswresample downmix at its defaults), and the duration is the
/// decoded length, not the container's metadata.
/// </remarks>
public sealed class PyAvAudio
{
    public PyAvAudio(short[] samples, int sampleRate, long durationSamples, string source)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(durationSamples);
        Samples = samples;
        SampleRate = sampleRate;
        DurationSamples = durationSamples;
        Source = source;
    }

    /// <summary>Mono int16 samples, the whole file.</summary>
    public short[] Samples { get; }

    public int SampleRate { get; }

    /// <summary>The stream's duration in samples at <see cref="SampleRate"/>.</summary>
    public long DurationSamples { get; }

    /// <summary>The file, for messages.</summary>
    public string Source { get; }

    /// <summary>Reads a WAV file exactly as PyAV would; any other file through ffmpeg (a named deviation).</summary>
    public static PyAvAudio Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        if (IsWav(path))
        {
            var wav = WavReader.ReadAllChannels(path);
            return new PyAvAudio(PyAvMonoPcm16.Convert(wav), wav.SampleRate, wav.FrameCount, path);
        }
        var info = MediaInfo.Probe(path);
        if (!info.HasAudio)
        {
            throw new InputException(path, "has no audio stream");
        }
        var raw = Ffmpeg.Run("ffmpeg", path, ["-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"]);
        var samples = new short[raw.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(2 * i));
        }
        if (samples.Length == 0)
        {
            throw new InputException(path, "audio stream holds no samples");
        }
        return new PyAvAudio(samples, info.SampleRate, samples.Length, path);
    }

    private static bool IsWav(string path)
    {
        Span<byte> head = stackalloc byte[12];
        int read;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0))
        {
            read = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        if (read == 0)
        {
            throw new InputException(path, "empty file, not audio");
        }
        var isWav = read == 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8)) && head[8..12].SequenceEqual("WAVE"u8);
        return isWav || path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase);
    }
}
