using System.Buffers.Binary;
using SoundSight.IO;

namespace SoundSight.Audio;

/// <summary>
/// Every channel of a WAV file as stored (interleaved frames, the file's encoding), for front ends that convert
/// samples as another library does. <see cref="WavReader.ReadAllChannels"/> makes one.
/// </summary>
public sealed class WavSamples
{
    private readonly WavFormat format;
    private readonly byte[] data;

    internal WavSamples(WavFormat format, int frames, byte[] data, string source)
    {
        this.format = format;
        this.data = data;
        FrameCount = frames;
        Source = source;
    }

    public WavEncoding Encoding => format.Encoding;

    /// <summary>Bytes per sample of one channel (the container width: 1, 2, 3, 4 or 8).</summary>
    public int BytesPerSample => format.BytesPerSample;

    public int Channels => format.Channels;

    public int SampleRate => format.SampleRate;

    /// <summary>Samples per channel.</summary>
    public int FrameCount { get; }

    /// <summary>The file, for messages.</summary>
    public string Source { get; }

    /// <summary>Whether samples are 16-bit PCM.</summary>
    public bool IsPcm16 => Encoding == WavEncoding.SignedPcm && BytesPerSample == 2;

    /// <summary>
    /// A signed PCM sample as a left-justified int32 (int16 &lt;&lt; 16, int24 &lt;&lt; 8, int32), which is both how FFmpeg
    /// decodes PCM wider than 16 bits (AV_SAMPLE_FMT_S32) and how libsox holds every sample (sox_sample_t);
    /// 8-bit unsigned PCM as (x - 128) &lt;&lt; 24.
    /// </summary>
    public int Int32Sample(int frame, int channel)
    {
        var at = Offset(frame, channel);
        return Encoding switch
        {
            WavEncoding.UnsignedPcm8 => (data[at] - 128) << 24,
            WavEncoding.SignedPcm => LeftJustified(at),
            _ => throw new InvalidOperationException($"{Describe()} samples are not integers"),
        };
    }

    /// <summary>A 16-bit PCM sample.</summary>
    public short Int16Sample(int frame, int channel) =>
        IsPcm16 ? BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(Offset(frame, channel))) : throw new InvalidOperationException($"{Describe()} samples are not 16-bit");

    /// <summary>A 32-bit float sample.</summary>
    public float Float32Sample(int frame, int channel) =>
        Encoding == WavEncoding.Float32 ? BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(Offset(frame, channel))) : throw new InvalidOperationException($"{Describe()} samples are not float32");

    /// <summary>A 64-bit float sample.</summary>
    public double Float64Sample(int frame, int channel) =>
        Encoding == WavEncoding.Float64 ? BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(Offset(frame, channel))) : throw new InvalidOperationException($"{Describe()} samples are not float64");

    /// <summary>The encoding in words.</summary>
    public string Describe() => format.Describe();

    internal void RefuseNonFinite()
    {
        if (Encoding is not (WavEncoding.Float32 or WavEncoding.Float64))
        {
            return;
        }
        for (var i = 0; i < FrameCount; i++)
        {
            for (var c = 0; c < Channels; c++)
            {
                var value = Encoding == WavEncoding.Float32 ? Float32Sample(i, c) : Float64Sample(i, c);
                if (!double.IsFinite(value))
                {
                    throw new InputException(Source, $"invalid audio: sample {i} of channel {c} is {value} (NaN or infinite values are not audio)");
                }
            }
        }
    }

    private int Offset(int frame, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, FrameCount);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return (frame * format.BlockAlign) + (channel * format.BytesPerSample);
    }

    private int LeftJustified(int at)
    {
        var width = format.BytesPerSample;
        var value = 0;
        for (var b = 0; b < width; b++)
        {
            value |= data[at + b] << (8 * (4 - width + b));
        }
        return value;
    }
}
