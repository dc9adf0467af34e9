using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// A map to be scored, min-max normalised as the official <c>utils.normalize_img</c> does it: in the map's own
/// precision (float32 maps in float32 arithmetic, float64 in float64), and a constant map left as it is. Values
/// are held as doubles (float32 values convert exactly), so ordering and thresholds match numpy's.
/// </summary>
public sealed class PredictionMap
{
    private PredictionMap(double[] values, bool singlePrecision)
    {
        Values = values;
        SinglePrecision = singlePrecision;
    }

    /// <summary>Normalised values, row-major.</summary>
    public double[] Values { get; }

    /// <summary>Whether the map was float32 (and its arithmetic is done in float32, as numpy does).</summary>
    public bool SinglePrecision { get; }

    public static PredictionMap FromFloat32(ReadOnlySpan<float> map) => new(NormalizeSingle(map), true);

    /// <summary>Normalises into <paramref name="buffer"/> (of the map's length), which the map then holds.</summary>
    internal static PredictionMap FromFloat32(ReadOnlySpan<float> map, double[] buffer)
    {
        NormalizeSingle(map, buffer);
        return new(buffer, true);
    }

    public static PredictionMap FromFloat64(ReadOnlySpan<double> map) => new(NormalizeDouble(map), false);

    /// <summary>Wraps values that are already normalised (used after fusion).</summary>
    internal static PredictionMap FromNormalized(double[] values, bool singlePrecision) => new(values, singlePrecision);

    /// <summary>normalize_img in float32: (x - min) / (max - min) unless max == min.</summary>
    public static double[] NormalizeSingle(ReadOnlySpan<float> map)
    {
        var result = new double[map.Length];
        NormalizeSingle(map, result);
        return result;
    }

    private static void NormalizeSingle(ReadOnlySpan<float> map, Span<double> result)
    {
        var (min, max) = MapMath.MinMax(map);
        var range = max - min;
        if (range != 0)
        {
            MapMath.NormalizeSingle(map, min, range, result);
        }
        else
        {
            for (var i = 0; i < map.Length; i++)
            {
                result[i] = map[i];
            }
        }
    }

    /// <summary>normalize_img in float64.</summary>
    public static double[] NormalizeDouble(ReadOnlySpan<double> map)
    {
        var (min, max) = MapMath.MinMax(map);
        var range = max - min;
        var result = new double[map.Length];
        if (range != 0)
        {
            MapMath.NormalizeDouble(map, min, range, result);
        }
        else
        {
            map.CopyTo(result);
        }
        return result;
    }

    /// <summary>Rejects NaN and infinite values, naming the entry.</summary>
    public static void CheckFinite(ReadOnlySpan<double> values, string entry)
    {
        if (MapMath.AllFinite(values))
        {
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new InputException(entry, $"map value {values[i]} at pixel {i} (row {i / Math.Max(1, (int)Math.Sqrt(values.Length))}) is not finite");
            }
        }
    }
}
