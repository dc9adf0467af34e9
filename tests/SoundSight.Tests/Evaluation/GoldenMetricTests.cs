using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>Every number against the authors' Evaluator_iiou (fixtures from tools/golden/evaluation_fixtures.py).</summary>
public class GoldenMetricTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void SplitMixStreamMatchesTheGenerator()
    {
        var fixture = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "splitmix.json"))).RootElement;
        var expected = fixture.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected, MapRecipes.SplitMix(fixture.GetProperty("seed").GetUInt64(), expected.Length));
    }

    [Theory]
    [InlineData("is3_random")]
    [InlineData("is3_small")]
    [InlineData("is3_degenerate")]
    [InlineData("vggss_random")]
    [InlineData("flickr_random")]
    [InlineData("s4_random")]
    [InlineData("ms3_random")]
    [InlineData("vposs_random")]
    [InlineData("vpoms_random")]
    public void OfficialRuleReproducesEveryNumber(string name)
    {
        using var c = new GoldenCase(name);
        var results = Score(c);
        var expected = c.Expected;
        var ious = expected.GetProperty("iou").EnumerateArray().Select(GoldenCase.Number).ToArray();
        var adaptive = expected.GetProperty("iou_adaptive").EnumerateArray().Select(GoldenCase.Number).ToArray();
        for (var i = 0; i < results.Count; i++)
        {
            Close(ious[i], results[i].Score.Iou, $"{results[i].Name} iou");
            Close(adaptive[i], results[i].Score.IouAdaptive, $"{results[i].Name} iou_adaptive");
        }
        var m = LocalizationMetrics.Compute(results, DegenerateIouRule.Official);
        Assert.Equal(expected.GetProperty("samples").GetInt32(), m.Samples);
        Close(GoldenCase.Number(expected.GetProperty("cIoU")), m.CIoU, "cIoU");
        Close(GoldenCase.Number(expected.GetProperty("AUC")), m.Auc, "AUC");
        Close(GoldenCase.Number(expected.GetProperty("cIoU_adaptive")), m.CIoUAdaptive, "cIoU_adaptive");
        Close(GoldenCase.Number(expected.GetProperty("AUC_adaptive")), m.AucAdaptive, "AUC_adaptive");
        Close(GoldenCase.Number(expected.GetProperty("mIoU")), m.MeanIou, "mIoU");
        Close(GoldenCase.Number(expected.GetProperty("IIoU")), m.IIoU, "IIoU");
        Close(GoldenCase.Number(expected.GetProperty("IAUC")), m.IAuc, "IAUC");
        Close(GoldenCase.Number(expected.GetProperty("IIoU_adaptive")), m.IIoUAdaptive, "IIoU_adaptive");
        Close(GoldenCase.Number(expected.GetProperty("IAUC_adaptive")), m.IAucAdaptive, "IAUC_adaptive");
        if (c.HasSaliency)
        {
            var ogl = expected.GetProperty("ogl");
            var o = LocalizationMetrics.ComputeOgl(results, DegenerateIouRule.Official);
            var oglIous = ogl.GetProperty("iou").EnumerateArray().Select(GoldenCase.Number).ToArray();
            for (var i = 0; i < results.Count; i++)
            {
                Close(oglIous[i], results[i].Ogl!.Value.Iou, $"{results[i].Name} ogl iou");
            }
            Close(GoldenCase.Number(ogl.GetProperty("cIoU")), o.CIoU, "ogl cIoU");
            Close(GoldenCase.Number(ogl.GetProperty("AUC")), o.Auc, "ogl AUC");
            Close(GoldenCase.Number(ogl.GetProperty("cIoU_adaptive")), o.CIoUAdaptive, "ogl cIoU_adaptive");
            Close(GoldenCase.Number(ogl.GetProperty("AUC_adaptive")), o.AucAdaptive, "ogl AUC_adaptive");
            Close(GoldenCase.Number(ogl.GetProperty("mIoU")), o.MeanIou, "ogl mIoU");
        }
    }

    [Fact]
    public void DefaultRuleKeepsEveryFiniteOfficialNumberAndMakesTheRestFinite()
    {
        using var c = new GoldenCase("is3_degenerate");
        var results = Score(c);
        Assert.Contains(results, r => double.IsNaN(r.Score.Iou));
        var official = LocalizationMetrics.Compute(results, DegenerateIouRule.Official);
        var ours = LocalizationMetrics.Compute(results, DegenerateIouRule.Failure);
        Assert.Equal(official.CIoU, ours.CIoU);
        Assert.Equal(official.Auc, ours.Auc);
        Assert.Equal(official.AucAdaptive, ours.AucAdaptive);
        Assert.True(double.IsNaN(official.MeanIou) && double.IsNaN(official.IIoU));
        Assert.True(double.IsFinite(ours.MeanIou) && double.IsFinite(ours.IIoU) && double.IsFinite(ours.IAuc));
        // mIoU with the 0/0 sample counted as 0.
        var finite = results.Select(r => double.IsNaN(r.Score.Iou) ? 0 : r.Score.Iou).Sum() / results.Count;
        Assert.Equal(finite, ours.MeanIou, 12);
    }

    internal static List<SampleResult> Score(GoldenCase c)
    {
        var set = BenchmarkReader.Read(c.Preset, c.Annotations, c.Subset);
        Assert.Equal(c.Names, set.Entries.Select(e => e.Name).ToList());
        var loader = new PredictionLoader(c.Predictions, c.Preset);
        var evaluator = new LocalizationEvaluator(c.Preset);
        var scorer = new SampleScorer();
        var results = new List<SampleResult>();
        foreach (var entry in set.Entries)
        {
            (double[], bool)? saliency = c.HasSaliency ? PredictionLoader.LoadMap(Path.Combine(c.Saliency, entry.Name + ".npy"), entry.Name, c.Preset) : null;
            results.Add(evaluator.Score(entry, loader.Load(entry), saliency, scorer));
        }
        return results;
    }

    private static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}");
        }
        else
        {
            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R}");
        }
    }
}
