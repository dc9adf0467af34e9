using SoundSight.Maps;

namespace SoundSight.Localization;

/// <summary>
/// A pair's raw map made into the evaluation map the other way (align-corners or half-pixel), without running the
/// model again: the same upsampling as the localizers, normalised by the method's rule (the official
/// 1 - normalize(-x) of <see cref="Localizer"/> unless given), the peak found again in picture pixels. The web
/// page's upsampling switch uses it.
/// </summary>
public static class EvaluationMapResampler
{
    /// <param name="rules">The method's map rules (its normalisation, and libtorch's align-corners arithmetic where it
    /// upsamples that way); null: the authors' (<see cref="MapRules.Official"/>).</param>
    public static PairLocalization Resample(PairLocalization pair, UpsampleMode mode, int pictureWidth, int pictureHeight, MapRules? rules = null)
    {
        var size = pair.EvaluationSize;
        var upsampled = MapUpsampler.Upsample(pair.RawMap, pair.RawHeight, pair.RawWidth, size, size, mode, rules?.Libtorch ?? false);
        var evaluation = MapNormalization.Apply(upsampled, rules?.Normalization ?? MapNormalizationRule.OneMinusNormalizedNegative);
        var peak = 0;
        for (var i = 1; i < evaluation.Length; i++)
        {
            if (evaluation[i] > evaluation[peak])
            {
                peak = i;
            }
        }
        return pair with
        {
            EvaluationMap = evaluation,
            PeakX = ((peak % size) + 0.5) * pictureWidth / size,
            PeakY = ((peak / size) + 0.5) * pictureHeight / size,
        };
    }
}
