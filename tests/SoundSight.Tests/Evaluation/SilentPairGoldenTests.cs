using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// AP, max-F1, precision and AUC of sets with non-sounding pairs against SLAVC's EvaluatorFull (fixture
/// silent_pairs.json of tools/golden/evaluation_fixtures.py --silent).
/// </summary>
public class SilentPairGoldenTests
{
    [Fact]
    public void ScoresAndMetricsEqualTheOfficialEvaluatorFull()
    {
        var f = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "silent_pairs.json"))).RootElement;
        var expected = f.GetProperty("expected");
        var confidences = expected.GetProperty("confidence").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var cious = expected.GetProperty("ciou").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var scores = new List<SilentPairScore>();
        var i = 0;
        foreach (var entry in f.GetProperty("entries").EnumerateArray())
        {
            var boxes = entry.GetProperty("boxes").EnumerateArray()
                .Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray())
                .Select(b => new PixelBox(b[0], b[1], b[2], b[3])).ToList();
            var raw = MapRecipes.Make(entry.GetProperty("map")).Values.Select(v => (float)v).ToArray();
            var score = SilentPairMetrics.Score(raw, GroundTruthMap.FromBoxes(boxes, GroundTruthRule.Union, 224), boxes.Count);
            // numpy sums the float32 top quarter pairwise in float32; ours is a double sum of the same values.
            Assert.True(Math.Abs(confidences[i] - score.Confidence) <= 1e-6, $"sample {i}: confidence {score.Confidence} vs {confidences[i]}");
            Assert.True(Math.Abs(cious[i] - score.Ciou) <= 1e-12, $"sample {i}: cIoU {score.Ciou} vs {cious[i]}");
            scores.Add(score);
            i++;
        }
        Assert.Contains(scores, s => s.Boxes == 0);
        var (all, visible) = SilentPairMetrics.Compute(scores);
        Check(expected.GetProperty("all"), all);
        Check(expected.GetProperty("visible"), visible!);
    }

    private static void Check(JsonElement e, SilentPairSubset got)
    {
        Assert.Equal(e.GetProperty("precision").GetDouble(), got.Precision, 12);
        Assert.Equal(e.GetProperty("ap").GetDouble(), got.Ap, 12);
        Assert.Equal(e.GetProperty("max_f1").GetDouble(), got.MaxF1, 12);
        Assert.Equal(e.GetProperty("auc").GetDouble(), got.Auc, 12);
        var f1 = e.GetProperty("f1").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(f1.Count, got.F1.Count);
        for (var k = 0; k < f1.Count; k++)
        {
            Assert.Equal(f1[k], got.F1[k], 12);
        }
    }
}
