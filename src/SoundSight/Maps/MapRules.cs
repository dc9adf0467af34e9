
namespace SoundSight.Maps;

/// <summary>
/// How one method's official evaluation brings its native maps to the 224 x 224 map it scores, on one benchmark:
/// the upsampling and normalisation of the audio-visual map, and those of the object saliency map that OGL fuses
/// with it. The authors' validate_lvs changes the upsampling with the benchmark (cv2 for VGG-SS); the other
/// validators use one rule everywhere.
/// </summary>
public sealed record MapRules(UpsampleMode Upsample, MapNormalizationRule Normalization, UpsampleMode SaliencyUpsample, MapNormalizationRule SaliencyNormalization)
{
    /// <summary>
    /// align-corners upsampling through libtorch's F.interpolate (float32), as the validator computes it, rather than
    /// the plain C# bilinear (which rounds once from double): with plain normalisation, thresholds that fall on
    /// near-ties then select the official pixels.
    /// </summary>
    public bool Libtorch { get; init; }

    /// <summary>validate_lvs: the benchmark's upsampling for both maps, 1 - normalize_img(-x) for both.</summary>
    public static MapRules Official(UpsampleMode upsample) =>
        new(upsample, MapNormalizationRule.OneMinusNormalizedNegative, upsample, MapNormalizationRule.OneMinusNormalizedNegative);
}
