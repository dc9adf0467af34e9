using System.Buffers.Binary;
using SoundSight.IO;

namespace SoundSight.Audio;

/// <summary>Writes mono 16-bit PCM WAV (the format of the benchmarks' audio folders) with a canonical 44-byte header.</summary>
public static class WavWriter
{
    /// <summary>The file's bytes for float samples, rounded and clipped to [-1, 1] as 16-bit PCM.</summary>
    public static byte[] Pcm16(ReadOnlySpan<float> samples, int sampleRate)
    {
        var quantised = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            quantised[i] = (short)Math.Clamp(MathF.Round(samples[i] * 32767f), -32768f, 32767f);
        }
        return Pcm16(quantised, sampleRate);
    }

    /// <summary>The file's bytes for 16-bit samples.</summary>
    public static byte[] Pcm16(ReadOnlySpan<short> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var dataBytes = samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], dataBytes);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + (2 * i))..], samples[i]);
        }
        return bytes;
    }

    /// <summary>Writes mono 16-bit samples atomically (a temporary file renamed into place).</summary>
    public static void WritePcm16Mono(string path, ReadOnlySpan<short> samples, int sampleRate) => AtomicFile.WriteAllBytes(path, Pcm16(samples, sampleRate));
}
