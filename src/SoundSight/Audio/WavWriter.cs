namespace SoundSight.Audio;

/// <summary>Writes mono 16-bit PCM WAV (the format of the official benchmarks' audio), rounding and clipping to [-1, 1].</summary>
public static class WavWriter
{
    public static byte[] Pcm16(ReadOnlySpan<float> samples, int sampleRate)
    {
        var data = samples.Length * 2;
        var bytes = new byte[44 + data];
        var w = new BinaryWriter(new MemoryStream(bytes));
        w.Write("RIFF"u8);
        w.Write(36 + data);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(sampleRate);
        w.Write(sampleRate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(data);
        foreach (var s in samples)
        {
            w.Write((short)Math.Clamp(MathF.Round(s * 32767f), -32768f, 32767f));
        }
        return bytes;
    }
}
