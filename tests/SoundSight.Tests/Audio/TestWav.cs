using System.Buffers.Binary;
using System.Text;

namespace SoundSight.Tests.Audio;

/// <summary>Builds WAV files byte by byte, including malformed ones, for reader tests.</summary>
internal sealed class TestWav
{
    public const ushort Pcm = 0x0001;
    public const ushort Float = 0x0003;
    public const ushort Extensible = 0xFFFE;

    private static readonly byte[] GuidSuffix = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public ushort FormatTag { get; init; } = Pcm;
    public ushort SubFormat { get; init; } = Pcm;
    public int Channels { get; init; } = 1;
    public int SampleRate { get; init; } = 16000;
    public int BitsPerSample { get; init; } = 16;
    public int? BlockAlign { get; init; }
    public string RiffId { get; init; } = "RIFF";
    public uint? RiffSize { get; init; }
    public uint? DataSize { get; init; }
    public bool Rf64 { get; init; }
    public IReadOnlyList<(string Id, byte[] Body)> ChunksBeforeData { get; init; } = [];
    public IReadOnlyList<(string Id, byte[] Body)> ChunksAfterData { get; init; } = [];

    public byte[] Build(byte[] data)
    {
        var output = new MemoryStream();
        Ascii(output, Rf64 ? "RF64" : RiffId);
        UInt32(output, 0);
        Ascii(output, "WAVE");
        if (Rf64)
        {
            var ds64 = new byte[28];
            BinaryPrimitives.WriteUInt64LittleEndian(ds64.AsSpan(8), (ulong)data.Length);
            Chunk(output, "ds64", ds64);
        }
        Chunk(output, "fmt ", FormatChunk());
        foreach (var (id, body) in ChunksBeforeData)
        {
            Chunk(output, id, body);
        }
        Ascii(output, "data");
        UInt32(output, DataSize ?? (Rf64 ? 0xFFFFFFFF : (uint)data.Length));
        output.Write(data);
        if ((data.Length & 1) == 1)
        {
            output.WriteByte(0);
        }
        foreach (var (id, body) in ChunksAfterData)
        {
            Chunk(output, id, body);
        }
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), Rf64 ? 0xFFFFFFFF : RiffSize ?? (uint)(bytes.Length - 8));
        return bytes;
    }

    public string Write(string path, byte[] data)
    {
        File.WriteAllBytes(path, Build(data));
        return path;
    }

    private byte[] FormatChunk()
    {
        var extensible = FormatTag == Extensible;
        var body = new byte[extensible ? 40 : 16];
        var blockAlign = BlockAlign ?? (Channels * ((BitsPerSample + 7) / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(body, FormatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)BitsPerSample);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)BitsPerSample);
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), SubFormat);
            GuidSuffix.CopyTo(body, 26);
        }
        return body;
    }

    private static void Chunk(Stream output, string id, byte[] body)
    {
        Ascii(output, id);
        UInt32(output, (uint)body.Length);
        output.Write(body);
        if ((body.Length & 1) == 1)
        {
            output.WriteByte(0);
        }
    }

    private static void Ascii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private static void UInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }

    public static byte[] Int16s(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }
        return bytes;
    }

    public static byte[] Int24s(params int[] values)
    {
        var bytes = new byte[values.Length * 3];
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i * 3] = (byte)values[i];
            bytes[(i * 3) + 1] = (byte)(values[i] >> 8);
            bytes[(i * 3) + 2] = (byte)(values[i] >> 16);
        }
        return bytes;
    }

    public static byte[] Int32s(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return bytes;
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return bytes;
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return bytes;
    }
}
