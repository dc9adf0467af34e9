
namespace SoundSight.Maps;

/// <summary>The per-map min-max normalisation of the official evaluation.</summary>
public static class MapNormalization
{
    /// <summary>
    /// pred = 1 - normalize_img(-map), in float32, step for step as validate_lvs computes it, so that thresholds
    /// chosen on it select exactly the official pixels. For a non-constant map this is (map - min) / (max - min) up
    /// to rounding; a constant map c becomes 1 + c (normalize_img leaves a constant map unchanged). The
    /// official float32 interpolation can turn a constant 14 x 14 map into rounding noise that this step then
    /// stretches to [0, 1]; our upsampler keeps it constant, a documented difference in that degenerate case only.
    /// </summary>
    public static float[] OfficialPrediction(ReadOnlySpan<float> map)
    {
        return Apply(map, MapNormalizationRule.OneMinusNormalizedNegative);
    }

    /// <summary>
    /// The map a method's evaluation thresholds, in float32: 1 - normalize_img(-map) (<see cref="OfficialPrediction"/>)
    /// or normalize_img(map), which leaves a constant map unchanged.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> map, MapNormalizationRule rule)
    {
        if (rule == MapNormalizationRule.Plain)
        {
            return Plain(map);
        }
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in map)
        {
            var n = -v;
            min = MathF.Min(min, n);
            max = MathF.Max(max, n);
        }
        var range = max - min;
        var result = new float[map.Length];
        for (var i = 0; i < map.Length; i++)
        {
            var n = -map[i];
            if (range != 0)
            {
                n = (n - min) / range;
            }
            result[i] = 1f - n;
        }
        return result;
    }

    /// <summary>normalize_img(map) in float32: (map - min) / (max - min), a constant map unchanged.</summary>
    public static float[] Plain(ReadOnlySpan<float> map)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in map)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }
        var range = max - min;
        var result = map.ToArray();
        if (range != 0)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (result[i] - min) / range;
            }
        }
        return result;
    }
}
