using SoundSight.Maps;
using SoundSight.Protocol;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// Object-guided localization (OGL) as validate_lvs computes it: the object saliency map (mean |activation| of an
/// ImageNet ResNet-18 feature map, brought to the evaluation size) becomes pred_obj = 1 - normalize_img(-saliency);
/// the fused map is normalize_img(pred * 0.4 + pred_obj * (1 - 0.4)). numpy's dtype rules are kept: a float32
/// operand is scaled in float32 (the Python float weight cast to float32), the sum is float64 as soon as either
/// operand is float64.
/// </summary>
public static class ObjectGuidedFusion
{
    /// <param name="prediction">The normalised audio-visual map.</param>
    /// <param name="saliency">The object saliency at the evaluation size, float32 or float64 values as doubles.</param>
    /// <param name="saliencySingle">Whether the saliency map is float32.</param>
    public static PredictionMap Fuse(PredictionMap prediction, ReadOnlySpan<double> saliency, bool saliencySingle, double alpha = OfficialProtocol.OglAlpha) =>
        Fuse(prediction, saliency, saliencySingle, MapNormalizationRule.OneMinusNormalizedNegative, alpha);

    /// <param name="objectRule">pred_obj = 1 - normalize_img(-saliency) (validate_lvs, validate_ssltie, validate_htf) or
    /// normalize_img(saliency) (test.py's validate, for the EZ-VSL family).</param>
    public static PredictionMap Fuse(PredictionMap prediction, ReadOnlySpan<double> saliency, bool saliencySingle, MapNormalizationRule objectRule, double alpha = OfficialProtocol.OglAlpha)
    {
        var pred = prediction.Values;
        if (pred.Length != saliency.Length)
        {
            throw new ArgumentException($"saliency has {saliency.Length} values, the map {pred.Length}");
        }
        var objectMap = objectRule == MapNormalizationRule.Plain
            ? (saliencySingle ? PredictionMap.NormalizeSingle(saliency.ToArray().Select(v => (float)v).ToArray()) : PredictionMap.NormalizeDouble(saliency))
            : ObjectPrediction(saliency, saliencySingle);
        var beta = 1 - alpha;
        var single = prediction.SinglePrecision && saliencySingle;
        var fused = new double[pred.Length];
        for (var i = 0; i < pred.Length; i++)
        {
            var a = prediction.SinglePrecision ? (float)pred[i] * (float)alpha : pred[i] * alpha;
            var b = saliencySingle ? (float)objectMap[i] * (float)beta : objectMap[i] * beta;
            fused[i] = single ? (float)a + (float)b : a + b;
        }
        return single
            ? PredictionMap.FromNormalized(PredictionMap.NormalizeSingle(fused.Select(v => (float)v).ToArray()), true)
            : PredictionMap.FromNormalized(PredictionMap.NormalizeDouble(fused), false);
    }

    /// <summary>1 - normalize_img(-saliency), in the saliency's precision.</summary>
    public static double[] ObjectPrediction(ReadOnlySpan<double> saliency, bool single)
    {
        var result = new double[saliency.Length];
        if (single)
        {
            var negated = new float[saliency.Length];
            for (var i = 0; i < negated.Length; i++)
            {
                negated[i] = -(float)saliency[i];
            }
            var normalised = PredictionMap.NormalizeSingle(negated);
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = 1f - (float)normalised[i];
            }
        }
        else
        {
            var negated = new double[saliency.Length];
            for (var i = 0; i < negated.Length; i++)
            {
                negated[i] = -saliency[i];
            }
            var normalised = PredictionMap.NormalizeDouble(negated);
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = 1 - normalised[i];
            }
        }
        return result;
    }
}
