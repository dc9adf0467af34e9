using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.Maps;
using static TorchSharp.torch;
using UpsampleMode = SoundSight.Maps.UpsampleMode;

namespace SoundSight.Localization;

/// <summary>One native map of a (picture, sound) pair made into a <see cref="PairLocalization"/>: upsampled and
/// normalised by the method's rule, its peak found in picture pixels. Shared by every method's localizer.</summary>
public static class PairDescription
{
    /// <summary>The evaluation map of a native map: upsampled to size x size and normalised by the method's rule.</summary>
    public static float[] EvaluationMap(float[] raw, int height, int width, int size, UpsampleMode upsample, MapNormalizationRule normalization, bool libtorch = false) =>
        MapNormalization.Apply(MapUpsampler.Upsample(raw, height, width, size, size, upsample, libtorch), normalization);

    /// <param name="map">The native map [h, w] (any method's own map: cosine, or cosine / tau).</param>
    public static PairLocalization Of(RgbImage image, AudioClip sound, Tensor map, int size, UpsampleMode upsample, MapNormalizationRule normalization, double? semantic, bool libtorch = false)
    {
        var height = (int)map.shape[0];
        var width = (int)map.shape[1];
        var raw = map.contiguous().data<float>().ToArray();
        var evaluation = EvaluationMap(raw, height, width, size, upsample, normalization, libtorch);
        var peak = 0;
        for (var i = 1; i < evaluation.Length; i++)
        {
            if (evaluation[i] > evaluation[peak])
            {
                peak = i;
            }
        }
        return new PairLocalization
        {
            ImageSource = image.Source,
            AudioSource = sound.Source,
            RawMap = raw,
            RawHeight = height,
            RawWidth = width,
            EvaluationMap = evaluation,
            EvaluationSize = size,
            PeakX = ((peak % size) + 0.5) * image.Width / size,
            PeakY = ((peak / size) + 0.5) * image.Height / size,
            PeakSimilarity = raw.Max(),
            MeanSimilarity = raw.Average(),
            SilentAudio = sound.IsSilent,
            SemanticScore = semantic,
        };
    }
}
