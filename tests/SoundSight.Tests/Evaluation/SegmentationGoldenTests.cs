using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// Segmentation metrics and mask reading against the authors' AVSBench Evaluator and Pillow's convert('1')
/// (fixture segmentation.json of tools/golden/evaluation_fixtures.py --aclssl).
/// </summary>
public class SegmentationGoldenTests
{
    private const int N = 224;

    private static JsonElement Fixture() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "segmentation.json"))).RootElement.Clone();

    /// <summary>The fixture's noisy grey mask: 255 in the box plus (u - 0.5) * amp, truncated and clipped.</summary>
    private static byte[] Grey(JsonElement recipe)
    {
        var u = MapRecipes.SplitMix(recipe.GetProperty("seed").GetUInt64(), N * N);
        var box = recipe.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var amp = recipe.GetProperty("amp").GetDouble();
        var grey = new byte[N * N];
        for (var y = 0; y < N; y++)
        {
            for (var x = 0; x < N; x++)
            {
                var inside = x >= box[0] && x < box[2] && y >= box[1] && y < box[3] ? 1.0 : 0.0;
                var v = (long)((inside * 255) + ((u[(y * N) + x] - 0.5) * amp));
                grey[(y * N) + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }
        return grey;
    }

    [Fact]
    public void MasksMetricsAndThresholdsEqualTheOfficialOnes()
    {
        var f = Fixture();
        var thresholds = SegmentationMetrics.Thresholds();
        Assert.Equal(f.GetProperty("thresholds").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), thresholds);
        var masks = f.GetProperty("masks").EnumerateArray().ToList();
        var maps = f.GetProperty("maps").EnumerateArray().ToList();
        var on = f.GetProperty("mask_on_pixels").EnumerateArray().Select(v => v.GetInt32()).ToList();
        var expected = f.GetProperty("expected");
        var ious = expected.GetProperty("iou").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var curves = new List<float[]>();
        var scratch = new double[N * N];
        double iouSum = 0;
        for (var i = 0; i < masks.Count; i++)
        {
            var bilevel = BilevelMask.Dither(Grey(masks[i]), N, N);
            Assert.Equal(on[i], bilevel.Sum(b => b));
            var gt = bilevel.Select(b => (double)b).ToArray();
            var (values, single) = MapRecipes.Make(maps[i]);
            var pred = SegmentationMetrics.AsFloat32(single ? PredictionMap.FromFloat32(values.Select(v => (float)v).ToArray()) : PredictionMap.FromFloat64(values));
            var threshold = ThresholdSelection.KthSmallest(pred, pred.Length / 2, scratch);
            var iou = SegmentationMetrics.Iou(pred, gt, threshold);
            Assert.True(Math.Abs(ious[i] - iou) <= 1e-7, $"sample {i}: {iou} vs {ious[i]}");
            iouSum += iou;
            if (SegmentationMetrics.FCurve(pred, gt, thresholds) is { } curve)
            {
                curves.Add(curve);
            }
        }
        Assert.True(Math.Abs(expected.GetProperty("mIoU").GetDouble() - (iouSum / masks.Count)) <= 1e-6);
        var fCurve = expected.GetProperty("f_curve").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var k = 0; k < fCurve.Length; k++)
        {
            Assert.True(Math.Abs(fCurve[k] - curves.Average(c => (double)c[k])) <= 1e-6, $"threshold {k}");
        }
        Assert.True(Math.Abs(expected.GetProperty("Fmeasure").GetDouble() - SegmentationMetrics.FMeasure(curves)) <= 1e-6);
    }
}
