namespace SoundSight.Models.ImageNet;

/// <summary>One field of a protobuf message: its number, wire type, and either a varint or a byte range.</summary>
internal readonly record struct ProtoField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);
}

/// <summary>
/// Reads the protobuf wire format field by field, without a schema or code generator: enough to walk an ONNX
/// ModelProto (the counterpart of Models/Onnx/ProtoWriter). Throws <see cref="FormatException"/> on a truncated
/// or malformed message.
/// </summary>
internal static class ProtoReader
{
    public static List<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        var span = message.Span;
        var i = 0;
        while (i < span.Length)
        {
            var key = ReadVarint(span, ref i);
            var number = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    fields.Add(new ProtoField(number, wire, ReadVarint(span, ref i), ReadOnlyMemory<byte>.Empty));
                    break;
                case 1:
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, 8)));
                    break;
                case 5:
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, 4)));
                    break;
                case 2:
                    var length = ReadVarint(span, ref i);
                    if (length > (ulong)(span.Length - i))
                    {
                        throw new FormatException("truncated protobuf message");
                    }
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, (int)length)));
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {wire}");
            }
        }
        return fields;
    }

    /// <summary>Packed repeated int64 (or a single unpacked value) as longs.</summary>
    public static IEnumerable<long> Int64s(ProtoField field)
    {
        if (field.WireType == 0)
        {
            return [(long)field.Varint];
        }
        var values = new List<long>();
        var span = field.Bytes.Span;
        var i = 0;
        while (i < span.Length)
        {
            values.Add((long)ReadVarint(span, ref i));
        }
        return values;
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> message, ref int i, int length)
    {
        if (length > message.Length - i)
        {
            throw new FormatException("truncated protobuf message");
        }
        var slice = message.Slice(i, length);
        i += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int i)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (i >= span.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }
            var b = span[i++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new FormatException("protobuf varint longer than 64 bits");
    }
}
