using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// A map to be scored, min-max normalised as the official <c>utils.normalize_img</c> does it: in the map's own
/// precision (float32 maps in float32 arithmetic, float64 in float64), and a constant map left as it is. A float32
/// map keeps its float32 values (<see cref="Singles"/>), which scoring reads; <see cref="Values"/> gives them as
/// doubles (float32 values convert exactly), so ordering and thresholds match numpy's either way.
/// </summary>
public sealed class PredictionMap
{
    private readonly float[]? _singles;
    private double[]? _values;

    private PredictionMap(double[] values, bool singlePrecision)
    {
        _values = values;
        SinglePrecision = singlePrecision;
    }

    private PredictionMap(float[] singles, float min, float max)
    {
        _singles = singles;
        SingleExtremes = (min, max);
        SinglePrecision = true;
    }

    /// <summary>Normalised values, row-major (for a float32 map, its float32 values widened on first use).</summary>
    public double[] Values => _values ??= Widen(_singles!);

    /// <summary>The normalised float32 values of a float32 map that was normalised here; null otherwise. Scoring
    /// reads these when present: the same values as <see cref="Values"/>, at half the memory traffic.</summary>
    public float[]? Singles => _singles;

    /// <summary>The minimum and maximum of <see cref="Singles"/> when it is not null.</summary>
    public (float Min, float Max) SingleExtremes { get; }

    /// <summary>Number of values.</summary>
    public int Length => _singles?.Length ?? _values!.Length;

    /// <summary>Whether the map was float32 (and its arithmetic is done in float32, as numpy does).</summary>
    public bool SinglePrecision { get; }

    public static PredictionMap FromFloat32(ReadOnlySpan<float> map)
    {
        var (min, max) = MapMath.MinMax(map);
        return FromFloat32(map, min, max, new float[map.Length]);
    }

    /// <summary>Normalises into <paramref name="buffer"/> (of the map's length), which the map then holds.</summary>
    /// <param name="min">The map's minimum (already found, e.g. with the finiteness check).</param>
    /// <param name="max">The map's maximum.</param>
    internal static PredictionMap FromFloat32(ReadOnlySpan<float> map, float min, float max, float[] buffer)
    {
        if (buffer.Length != map.Length)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} values, the map {map.Length}", nameof(buffer));
        }
        var range = max - min;
        if (range != 0)
        {
            MapMath.NormalizeSingle(map, min, range, buffer.AsSpan());
            // (min - min) / range is 0 and (max - min) / range is 1, exactly: the normalised map's extremes.
            return new(buffer, 0f, 1f);
        }
        map.CopyTo(buffer);
        return new(buffer, min, max);
    }

    public static PredictionMap FromFloat64(ReadOnlySpan<double> map) => new(NormalizeDouble(map), false);

    /// <summary>Wraps values that are already normalised (used after fusion).</summary>
    internal static PredictionMap FromNormalized(double[] values, bool singlePrecision) => new(values, singlePrecision);

    private static double[] Widen(float[] singles)
    {
        var values = new double[singles.Length];
        for (var i = 0; i < singles.Length; i++)
        {
            values[i] = singles[i];
        }
        return values;
    }

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
