using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// Loads a saved map (.npy, one per entry, named by <see cref="BenchmarkEntry.Name"/>) as the evaluator scores it:
/// shape (H, W) or with leading singleton axes; at most 224 x 224 (smaller maps are upsampled as `localize` does,
/// with the benchmark's convention, in float32); NaN or infinite values are rejected. float32 maps are normalised
/// in float32 and float64 maps in float64, as numpy would; integer maps count as float64, float16 as float32.
/// </summary>
public sealed class PredictionLoader
{
    private readonly string _folder;
    private readonly BenchmarkPreset _preset;

    public PredictionLoader(string folder, BenchmarkPreset preset)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException(folder, "predictions folder not found");
        }
        _folder = folder;
        _preset = preset;
    }

    public string PathOf(BenchmarkEntry entry) => Path.Combine(_folder, entry.Name + ".npy");

    public bool Exists(BenchmarkEntry entry) => File.Exists(PathOf(entry));

    /// <summary>The raw map at the evaluation size (values as doubles) and whether it is float32.</summary>
    public (double[] Values, bool Single) LoadRaw(BenchmarkEntry entry) => LoadMap(PathOf(entry), entry.Name, _preset);

    /// <summary>Loads a map into buffers of its own.</summary>
    public PredictionMap Load(BenchmarkEntry entry) => Load(entry, new PredictionBuffers());

    /// <param name="buffers">Per-thread buffers the map is read and normalised into (the map is valid until their
    /// next use).</param>
    public PredictionMap Load(BenchmarkEntry entry, PredictionBuffers buffers)
    {
        var path = PathOf(entry);
        var bytes = ReadFile(path, entry.Name, buffers);
        // The common case, a full-size float32 map, is normalised straight from the file's bytes.
        var header = Npy.ParseHeader(bytes, path);
        var floats = Npy.Float32View(bytes, header, path);
        var size = BenchmarkPresets.MapSize;
        if (!floats.IsEmpty && MapShape(header.Shape) is [var h, var w] && h == size && w == size
            && MapMath.FiniteMinMax(floats) is (true, var min, var max))
        {
            if (buffers.Map.Length != floats.Length)
            {
                buffers.Map = new float[floats.Length];
            }
            return PredictionMap.FromFloat32(floats, min, max, buffers.Map);
        }
        var (values, single) = FromArray(Npy.Parse(bytes, path), path, entry.Name, _preset);
        // Not a LINQ copy: this runs once per map and was a visible share of scoring time.
        return single ? PredictionMap.FromFloat32(MapMath.Narrow(values)) : PredictionMap.FromFloat64(values);
    }

    /// <summary>Reads, checks and brings one map to the evaluation grid.</summary>
    public static (double[] Values, bool Single) LoadMap(string path, string entry, BenchmarkPreset preset)
    {
        return FromArray(Npy.Parse(ReadFile(path, entry, new PredictionBuffers()), path), path, entry, preset);
    }

    /// <summary>Reads a file into the reused buffer: the returned span is valid until the buffer's next use.</summary>
    private static ReadOnlySpan<byte> ReadFile(string path, string entry, PredictionBuffers buffers)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var length = checked((int)RandomAccess.GetLength(handle));
            if (buffers.File.Length < length)
            {
                buffers.File = new byte[length];
            }
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, buffers.File.AsSpan(read, length - read), read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            return buffers.File.AsSpan(0, read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, $"missing prediction for entry {entry}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read .npy file ({e.Message})");
        }
    }

    /// <summary>The shape without leading singleton axes (at least two axes kept).</summary>
    private static int[] MapShape(int[] shape)
    {
        var trimmed = shape.SkipWhile(d => d == 1).ToArray();
        return shape.Length >= 2 && trimmed.Length < 2 ? shape[^2..] : trimmed;
    }

    private static (double[] Values, bool Single) FromArray(NpyArray array, string path, string entry, BenchmarkPreset preset)
    {
        var shape = MapShape(array.Shape);
        var size = BenchmarkPresets.MapSize;
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1 || shape[0] > size || shape[1] > size)
        {
            throw new InputException(path, $"map of entry {entry} has shape ({string.Join(", ", array.Shape)}), expected ({size}, {size}) or a smaller 2-D map");
        }
        PredictionMap.CheckFinite(array.Data, $"{path} (entry {entry})");
        var dtype = array.DType.TrimStart('<', '|', '=');
        var single = dtype is "f4" or "f2";
        if (shape[0] == size && shape[1] == size)
        {
            return (array.Data, single);
        }
        var upsampled = MapUpsampler.Upsample(array.ToFloat(), shape[0], shape[1], size, size, preset.Upsample);
        return (upsampled.Select(v => (double)v).ToArray(), true);
    }
}
