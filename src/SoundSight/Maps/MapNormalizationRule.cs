namespace SoundSight.Maps;

/// <summary>How a method's evaluation code turns an upsampled map into the map it thresholds.</summary>
public enum MapNormalizationRule
{
    /// <summary>pred = 1 - normalize_img(-map) (validate_lvs, validate_ssltie, validate_htf).</summary>
    OneMinusNormalizedNegative,

    /// <summary>pred = normalize_img(map) (test.py's validate, for EZ-VSL, MarginNCE, SLAVC and FNAC).</summary>
    Plain,
}
