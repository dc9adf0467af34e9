using SoundSight.IO;
using SoundSight.Localization;

namespace SoundSight.Evaluation;

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

    public PredictionMap Load(BenchmarkEntry entry)
    {
        var (values, single) = LoadRaw(entry);
        if (!single)
        {
            return PredictionMap.FromFloat64(values);
        }
        // A plain loop, not a LINQ copy: this runs once per map and was a visible share of scoring time.
        var floats = new float[values.Length];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = (float)values[i];
        }
        return PredictionMap.FromFloat32(floats);
    }

    /// <summary>Reads, checks and brings one map to the evaluation grid.</summary>
    public static (double[] Values, bool Single) LoadMap(string path, string entry, BenchmarkPreset preset)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, $"missing prediction for entry {entry}");
        }
        var array = Npy.Read(path);
        var shape = array.Shape.SkipWhile(d => d == 1).ToArray();
        if (array.Shape.Length >= 2 && shape.Length < 2)
        {
            shape = array.Shape[^2..];
        }
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
