using System.Runtime.InteropServices;
using System.Text;

namespace SoundSight.Models.Onnx;

/// <summary>
/// The few pieces of the protobuf wire format an ONNX model needs (varints, length-delimited fields, packed
/// repeated int64, raw float data). Written by hand so that building a graph needs no protobuf code generator or
/// package. Nested messages and float arrays are kept by reference and copied once, into the one array
/// <see cref="ToArray"/> makes: a two-tower model is about 90 MB of weights, and copying it at every level of
/// nesting (each level's growing buffer, then its ToArray) cost 0.5 to 1.7 s per graph built.
/// </summary>
internal sealed class ProtoWriter
{
    // The message in order: byte[] (tags, varints and short fields, written here), ProtoWriter (a nested message)
    // or float[] (raw tensor data). _open collects the short writes until the next part by reference.
    private readonly List<object> _parts = [];
    private readonly MemoryStream _open = new();

    /// <summary>The encoded size in bytes.</summary>
    public long Length => _open.Length + _parts.Sum(part => part switch
    {
        byte[] bytes => bytes.LongLength,
        float[] floats => floats.LongLength * sizeof(float),
        _ => ((ProtoWriter)part).Length,
    });

    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var written = WriteTo(result);
        return written == result.Length ? result : throw new InvalidOperationException("the message changed while it was written");
    }

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, 2);
        WriteVarint((ulong)bytes.Length);
        _open.Write(bytes);
        return this;
    }

    /// <summary>A length-delimited field holding the floats' little-endian bytes (TensorProto.raw_data); the array is
    /// read when the message is written, not copied now.</summary>
    public ProtoWriter Floats(int field, float[] values)
    {
        Tag(field, 2);
        WriteVarint((ulong)(values.LongLength * sizeof(float)));
        Add(values);
        return this;
    }

    public ProtoWriter String(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    /// <summary>A nested message, read when this one is written (change it no more after this call).</summary>
    public ProtoWriter Message(int field, ProtoWriter message)
    {
        Tag(field, 2);
        WriteVarint((ulong)message.Length);
        Add(message);
        return this;
    }

    public ProtoWriter PackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var v in values)
        {
            packed.WriteVarint((ulong)v);
        }
        return Bytes(field, packed._open.ToArray());
    }

    private void Add(object part)
    {
        if (_open.Length > 0)
        {
            _parts.Add(_open.ToArray());
            _open.SetLength(0);
        }
        _parts.Add(part);
    }

    private int WriteTo(Span<byte> destination)
    {
        var at = 0;
        foreach (var part in _parts)
        {
            switch (part)
            {
                case byte[] bytes:
                    bytes.CopyTo(destination[at..]);
                    at += bytes.Length;
                    break;
                case float[] floats:
                    MemoryMarshal.AsBytes(floats.AsSpan()).CopyTo(destination[at..]);
                    at += floats.Length * sizeof(float);
                    break;
                default:
                    at += ((ProtoWriter)part).WriteTo(destination[at..]);
                    break;
            }
        }
        _open.GetBuffer().AsSpan(0, (int)_open.Length).CopyTo(destination[at..]);
        return at + (int)_open.Length;
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _open.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _open.WriteByte((byte)value);
    }
}
