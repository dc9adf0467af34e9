using static TorchSharp.torch;

namespace SoundSight.Checkpoints;

/// <summary>PyTorch's storage classes (torch.FloatStorage, ...), as pickled checkpoints name them: read by the legacy
/// reader, written by <see cref="PyTorchZipWriter"/>.</summary>
internal static class TorchStorages
{
    private static readonly (string Name, ScalarType Type, int ElementSize)[] Known =
    [
        ("FloatStorage", ScalarType.Float32, 4),
        ("DoubleStorage", ScalarType.Float64, 8),
        ("HalfStorage", ScalarType.Float16, 2),
        ("BFloat16Storage", ScalarType.BFloat16, 2),
        ("LongStorage", ScalarType.Int64, 8),
        ("IntStorage", ScalarType.Int32, 4),
        ("ShortStorage", ScalarType.Int16, 2),
        ("CharStorage", ScalarType.Int8, 1),
        ("ByteStorage", ScalarType.Byte, 1),
        ("BoolStorage", ScalarType.Bool, 1),
        ("ComplexFloatStorage", ScalarType.ComplexFloat32, 8),
        ("ComplexDoubleStorage", ScalarType.ComplexFloat64, 16),
    ];

    /// <summary>The dtype and element size of a storage class named in a persistent id.</summary>
    public static (ScalarType Type, int ElementSize) OfName(string name)
    {
        foreach (var known in Known)
        {
            if (known.Name == name)
            {
                return (known.Type, known.ElementSize);
            }
        }
        throw new FormatException($"storage class torch.{name} is not one this reader knows");
    }

    /// <summary>The storage class that holds tensors of <paramref name="type"/>.</summary>
    public static string NameOf(ScalarType type)
    {
        foreach (var known in Known)
        {
            if (known.Type == type)
            {
                return known.Name;
            }
        }
        throw new ArgumentException($"no PyTorch storage for {type}", nameof(type));
    }
}
