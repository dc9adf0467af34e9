using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace SoundSight.IO;

/// <summary>
/// NumPy .npy files, format 1.0, little-endian, C order: what <c>numpy.save</c> writes and <c>numpy.load</c> reads.
/// Reading accepts float16/32/64, (u)int8/16/32/64 and bool, in format 1.0 to 3.0.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes float32 data with the given shape, atomically (temp file, then rename).</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> data, params int[] shape)
    {
        CheckShape(data.Length, shape);
        var body = new byte[data.Length * 4];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(i * 4), data[i]);
        }
        Write(path, "<f4", shape, body);
    }

    /// <summary>Writes float64 data with the given shape, atomically.</summary>
    public static void WriteFloat64(string path, ReadOnlySpan<double> data, params int[] shape)
    {
        CheckShape(data.Length, shape);
        var body = new byte[data.Length * 8];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(body.AsSpan(i * 8), data[i]);
        }
        Write(path, "<f8", shape, body);
    }

    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read .npy file ({e.Message})");
        }
        return Parse(bytes, path);
    }

    /// <summary>The header of a .npy file: shape, dtype and where the data starts.</summary>
    public static NpyHeader ParseHeader(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new InputException(name, "not a NumPy .npy file");
        }
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
            headerStart = 12;
        }
        else
        {
            throw new InputException(name, $"unsupported .npy format version {major}");
        }
        if (headerStart + headerLength > bytes.Length)
        {
            throw new InputException(name, "truncated .npy header");
        }
        var header = Encoding.Latin1.GetString(bytes.Slice(headerStart, headerLength));
        var descr = HeaderValue(header, "descr", name).Trim().Trim('\'', '"');
        var fortran = HeaderValue(header, "fortran_order", name).Trim();
        if (fortran.StartsWith("True", StringComparison.Ordinal))
        {
            throw new InputException(name, ".npy in Fortran order is not supported; save with C order");
        }
        var shape = ParseShape(HeaderValue(header, "shape", name), name);
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }
        return new NpyHeader(shape, descr, headerStart + headerLength, count);
    }

    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        var h = ParseHeader(bytes, name);
        var (shape, descr, count) = (h.Shape, h.DType, h.Count);
        var body = bytes[h.DataOffset..];
        var (size, reader) = ElementReader(descr, name);
        if (body.Length < count * size)
        {
            throw new InputException(name, $"truncated .npy data: {body.Length} bytes for {count} elements of {descr}");
        }
        var data = new double[count];
        var plain = descr.TrimStart('<', '=');
        if (BitConverter.IsLittleEndian && plain is "f4" or "f8")
        {
            // The common case (float maps) without a delegate call per element: reinterpret and widen in one pass.
            if (plain == "f4")
            {
                var floats = MemoryMarshal.Cast<byte, float>(body[..checked((int)(count * 4))]);
                var vectors = MemoryMarshal.Cast<float, Vector<float>>(floats);
                var output = MemoryMarshal.Cast<double, Vector<double>>(data.AsSpan());
                for (var i = 0; i < vectors.Length; i++)
                {
                    Vector.Widen(vectors[i], out output[2 * i], out output[(2 * i) + 1]);
                }
                for (var i = vectors.Length * Vector<float>.Count; i < floats.Length; i++)
                {
                    data[i] = floats[i];
                }
            }
            else
            {
                MemoryMarshal.Cast<byte, double>(body[..checked((int)(count * 8))]).CopyTo(data);
            }
            return new NpyArray(shape, data, descr);
        }
        for (var i = 0; i < count; i++)
        {
            data[i] = reader(body.Slice(i * size, size));
        }
        return new NpyArray(shape, data, descr);
    }

    /// <summary>
    /// The data of a little-endian float32 file as floats, without a copy (null for any other dtype): the fast path
    /// of scoring saved maps, which are float32 in the common case.
    /// </summary>
    public static ReadOnlySpan<float> Float32View(ReadOnlySpan<byte> bytes, NpyHeader header, string name)
    {
        if (!BitConverter.IsLittleEndian || header.DType.TrimStart('<', '=') != "f4")
        {
            return default;
        }
        var body = bytes[header.DataOffset..];
        if (body.Length < header.Count * 4)
        {
            throw new InputException(name, $"truncated .npy data: {body.Length} bytes for {header.Count} elements of {header.DType}");
        }
        return MemoryMarshal.Cast<byte, float>(body[..checked((int)(header.Count * 4))]);
    }

    private delegate double Reader(ReadOnlySpan<byte> b);

    private static (int Size, Reader Read) ElementReader(string descr, string name)
    {
        if (descr.Length >= 2 && descr[0] == '>' && descr[1..] is not "i1" and not "u1" and not "b1")
        {
            throw new InputException(name, $"big-endian .npy data ({descr}) is not supported");
        }
        return descr.TrimStart('<', '|', '=') switch
        {
            "f8" => (8, b => BinaryPrimitives.ReadDoubleLittleEndian(b)),
            "f4" => (4, b => BinaryPrimitives.ReadSingleLittleEndian(b)),
            "f2" => (2, b => (double)BinaryPrimitives.ReadHalfLittleEndian(b)),
            "i8" => (8, b => BinaryPrimitives.ReadInt64LittleEndian(b)),
            "i4" => (4, b => BinaryPrimitives.ReadInt32LittleEndian(b)),
            "i2" => (2, b => BinaryPrimitives.ReadInt16LittleEndian(b)),
            "i1" => (1, b => (sbyte)b[0]),
            "u8" => (8, b => BinaryPrimitives.ReadUInt64LittleEndian(b)),
            "u4" => (4, b => BinaryPrimitives.ReadUInt32LittleEndian(b)),
            "u2" => (2, b => BinaryPrimitives.ReadUInt16LittleEndian(b)),
            "u1" => (1, b => b[0]),
            "b1" => (1, b => b[0] != 0 ? 1 : 0),
            _ => throw new InputException(name, $"unsupported .npy dtype {descr}"),
        };
    }

    private static string HeaderValue(string header, string key, string name)
    {
        var k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0)
        {
            throw new InputException(name, $".npy header lacks '{key}'");
        }
        var colon = header.IndexOf(':', k);
        var rest = header[(colon + 1)..].TrimStart();
        if (rest.StartsWith('('))
        {
            return rest[..(rest.IndexOf(')') + 1)];
        }
        var end = rest.IndexOfAny([',', '}']);
        return end < 0 ? rest : rest[..end];
    }

    private static int[] ParseShape(string text, string name)
    {
        var inner = text.Trim().TrimStart('(').TrimEnd(')');
        var parts = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.Integer, CultureInfo.InvariantCulture, out shape[i]) || shape[i] < 0)
            {
                throw new InputException(name, $"bad .npy shape {text}");
            }
        }
        return shape;
    }

    private static void CheckShape(int count, int[] shape)
    {
        long product = 1;
        foreach (var d in shape)
        {
            product *= d;
        }
        if (product != count)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {product} elements, data has {count}");
        }
    }

    private static void Write(string path, string descr, int[] shape, byte[] body)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Header padded with spaces so that magic + length + header + '\n' is a multiple of 64, as NumPy does.
        var total = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (total % 64)) % 64) + "\n";
        var header = Encoding.Latin1.GetBytes(padded);
        var bytes = new byte[10 + header.Length + body.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        header.CopyTo(bytes, 10);
        body.CopyTo(bytes, 10 + header.Length);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
