namespace SoundSight.Localization;

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
}
