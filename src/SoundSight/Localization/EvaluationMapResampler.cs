using SoundSight.Maps;

namespace SoundSight.Localization;

/// <summary>
/// A pair's raw map made into the evaluation map the other way (align-corners or half-pixel), without running the
/// model again: the same upsampling and official normalisation as <see cref="Localizer"/>, the peak found again in
/// picture pixels. The web page's upsampling switch uses it.
/// </summary>
public static class EvaluationMapResampler
{
    public static PairLocalization Resample(PairLocalization pair, UpsampleMode mode, int pictureWidth, int pictureHeight)
    {
        var size = pair.EvaluationSize;
        var upsampled = MapUpsampler.Upsample(pair.RawMap, pair.RawHeight, pair.RawWidth, size, size, mode);
        var evaluation = MapNormalization.OfficialPrediction(upsampled);
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
