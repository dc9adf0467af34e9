using SoundSight.IO;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// HTF's predictions as the authors' comparison scores them (SSLalignment test.py, validate_htf): HTF has no model
/// here, only its saved 224 x 224 maps, <c>&lt;folder&gt;/&lt;name&gt;.npy</c>, turned into
/// <c>pred = 1 - utils_lvs.normalize_img(-map)</c> in the file's own precision (float32 maps in float32
/// arithmetic, float64 and integer maps in float64, as numpy computes them); a constant map c becomes 1 + c, since
/// normalize_img leaves a constant map as it is. The evaluation thresholds pred as it is, without normalising it
/// again. Bit for bit against the official lines (HtfPredictionLoaderTests).
/// </summary>
public static class HtfPredictionLoader
{
    /// <summary>Side of the maps: validate_htf uses them as they are, against 224 x 224 ground truth.</summary>
    public const int MapSize = 224;

    /// <summary>The map of one entry in a folder of HTF results.</summary>
    public static PredictionMap Load(string folder, string entryName) => Load(Path.Combine(folder, entryName + ".npy"));

    /// <summary>pred of one saved map.</summary>
    public static PredictionMap Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "HTF map not found");
        }
        var array = Npy.Read(path);
        var shape = array.Shape.SkipWhile(d => d == 1).ToArray();
        if (shape.Length != 2 || shape[0] != MapSize || shape[1] != MapSize)
        {
            throw new InputException(path, $"HTF map has shape ({string.Join(", ", array.Shape)}), expected ({MapSize}, {MapSize})");
        }
        PredictionMap.CheckFinite(array.Data, path);
        var dtype = array.DType.TrimStart('<', '|', '=');
        return dtype switch
        {
            "f4" => PredictionMap.FromNormalized(Single(array.Data), singlePrecision: true),
            "f8" or "i1" or "i2" or "i4" or "i8" or "u1" or "u2" or "u4" => PredictionMap.FromNormalized(Double(array.Data), singlePrecision: false),
            _ => throw new InputException(path, $"HTF map has dtype {array.DType}; float32, float64 or integer maps are read"),
        };
    }

    // 1 - normalize_img(-x) with every operation rounded to float32, as numpy does on a float32 array.
    private static double[] Single(double[] values)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            var n = -(float)v;
            min = MathF.Min(min, n);
            max = MathF.Max(max, n);
        }
        var range = max - min;
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var n = -(float)values[i];
            if (range != 0)
            {
                n = (n - min) / range;
            }
            result[i] = 1f - n;
        }
        return result;
    }

    private static double[] Double(double[] values)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, -v);
            max = Math.Max(max, -v);
        }
        var range = max - min;
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var n = -values[i];
            if (range != 0)
            {
                n = (n - min) / range;
            }
            result[i] = 1.0 - n;
        }
        return result;
    }
}
