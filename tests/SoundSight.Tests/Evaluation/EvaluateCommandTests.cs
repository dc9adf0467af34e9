using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Maps;
using SoundSight.Tests.Cli;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>The evaluate and merge commands as a user runs them.</summary>
public class EvaluateCommandTests
{
    [Fact]
    public void JsonEqualsTheOfficialNumbersAndShardsMergeToTheSingleRun()
    {
        using var c = new GoldenCase("is3_random");
        var single = Path.Combine(c.Folder, "out", "single.json");
        var r = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions, "--ogl-saliency", c.Saliency, "--json", single);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(File.ReadAllText(single)).RootElement;
        foreach (var key in new[] { "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive", "mIoU", "IIoU", "IAUC", "IIoU_adaptive", "IAUC_adaptive" })
        {
            Assert.True(Math.Abs(GoldenCase.Number(c.Expected.GetProperty(key)) - json.GetProperty(key).GetDouble()) <= 1e-9, key);
        }
        Assert.True(Math.Abs(c.Expected.GetProperty("ogl").GetProperty("cIoU").GetDouble() - json.GetProperty("ogl").GetProperty("cIoU").GetDouble()) <= 1e-9);
        Assert.True(File.Exists(Path.ChangeExtension(single, ".csv")));

        var shards = Path.Combine(c.Folder, "shards");
        for (var i = 0; i < 3; i++)
        {
            var s = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions, "--ogl-saliency", c.Saliency,
                "--shard", $"{i}/3", "--json", Path.Combine(shards, "eval.json"));
            Assert.True(s.ExitCode == 0, s.Stderr);
        }
        var merged = Path.Combine(c.Folder, "out", "merged.json");
        var m = CliRunner.Run("merge", shards, "--json", merged);
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Equal(File.ReadAllText(single), File.ReadAllText(merged));
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(single, ".csv")), File.ReadAllText(Path.ChangeExtension(merged, ".csv")));

        File.Delete(Directory.GetFiles(shards, "*.shard-0001-of-0003.json")[0]);
        CliRunner.AssertOneLineError(CliRunner.Run("merge", shards, "--json", merged), "1 of 3 shards are missing");
    }

    [Fact]
    public void BadInputGivesOneLineNamingTheEntry()
    {
        using var c = new GoldenCase("is3_small");
        var entries = JsonDocument.Parse(File.ReadAllText(c.Annotations)).RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        string Evaluate(string annotations) => annotations;
        var name = c.Names[1];

        // A missing prediction.
        var missing = Path.Combine(c.Predictions, name + ".npy");
        var saved = File.ReadAllBytes(missing);
        File.Delete(missing);
        CliRunner.AssertOneLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions), name);
        var allowed = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions, "--allow-missing");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("5 samples", allowed.Stdout);

        // A map with NaN, and one of the wrong shape.
        var nan = new float[224 * 224];
        nan[77] = float.NaN;
        SoundSight.IO.Npy.WriteFloat32(missing, nan, 224, 224);
        LastLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions), "not finite");
        SoundSight.IO.Npy.WriteFloat32(missing, new float[300 * 2], 300, 2);
        LastLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", c.Annotations, "--predictions", c.Predictions), "shape");
        File.WriteAllBytes(missing, saved);

        // Malformed JSON, an inverted box, a box outside the image.
        var bad = Path.Combine(c.Folder, "bad.json");
        File.WriteAllText(bad, "[" + entries[0] + ",");
        CliRunner.AssertOneLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", bad, "--predictions", c.Predictions), "malformed JSON");
        foreach (var (box, problem) in new[] { ("[50, 10, 20, 40]", "inverted"), ("[0, 0, 230, 100]", "outside") })
        {
            var doc = JsonDocument.Parse(entries[0]).RootElement;
            var text = "[{\"image\": " + doc.GetProperty("image").GetRawText() + ", \"audio\": \"a.wav\", \"gt_box\": " + box + "}]";
            File.WriteAllText(bad, Evaluate(text));
            CliRunner.AssertOneLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", bad, "--predictions", c.Predictions), problem);
        }
    }

    /// <summary>Errors found while scoring come after the progress lines: one error line, last, no stack trace.</summary>
    private static void LastLineError(CliRunner.Result r, string fragment)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: ", lines[^1]);
        Assert.Contains(fragment, lines[^1]);
        Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void QuickselectPicksWhatASortPicks()
    {
        var random = new Random(5);
        var scratch = new double[5000];
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 5000);
            var levels = random.Next(1, 6) == 1 ? 3 : 1000000;
            var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(levels)).ToArray();
            var sorted = values.Order().ToArray();
            var k = random.Next(n);
            Assert.Equal(sorted[k], ThresholdSelection.KthSmallest(values, k, scratch));
        }
    }

    [Fact]
    public void BucketSelectionPicksWhatASortPicksOnAnyDistribution()
    {
        // Maps big enough for the counting path, with ties, heavy skew (one outlier, so almost every value shares a
        // bucket), negative values, a constant map and tiny ranges; both ranks of a pair.
        var random = new Random(17);
        var n = 224 * 224;
        var scratch = new double[n];
        Func<int, double>[] shapes =
        [
            _ => random.NextDouble(),
            _ => Math.Round(random.NextDouble(), 2),
            i => i == 7 ? 1e6 : random.NextDouble(),
            _ => Math.Pow(random.NextDouble(), 40),
            _ => -random.NextDouble() * 1e-300,
            _ => 3.25,
            i => i % 2 == 0 ? 0 : 1,
            _ => 1 + (random.Next(5) * Math.BitIncrement(1.0) - 1),
            i => (float)(Math.Sin(i) * 1e30),
        ];
        foreach (var shape in shapes)
        {
            var values = Enumerable.Range(0, n).Select(shape).ToArray();
            var sorted = values.Order().ToArray();
            foreach (var (a, b) in new[] { (n / 2, n / 2), (n / 2, n - 1), (0, n - 3000), (n - 1, 0), (random.Next(n), random.Next(n)) })
            {
                Assert.Equal((sorted[a], sorted[b]), ThresholdSelection.KthSmallestPair(values, a, b, scratch));
                // The counts above each value come from the buckets, not from another pass: they must be exact.
                var (x, y, aboveX, aboveY) = ThresholdSelection.KthSmallestPairAndCounts(values, a, b, scratch);
                Assert.Equal((sorted[a], sorted[b]), (x, y));
                Assert.Equal((values.Count(v => v > x), values.Count(v => v > y)), (aboveX, aboveY));
            }
        }
    }

    [Fact]
    public void ScorerAgreesWithAStraightforwardSortBasedReference()
    {
        var random = new Random(11);
        var scorer = new SampleScorer();
        for (var trial = 0; trial < 30; trial++)
        {
            var pred = Enumerable.Range(0, 224 * 224).Select(_ => Math.Round(random.NextDouble(), trial % 3 == 0 ? 1 : 6)).ToArray();
            var x1 = random.Next(0, 224);
            var y1 = random.Next(0, 224);
            var box = new PixelBox(x1, y1, random.Next(x1, 225), random.Next(y1, 225));
            var gt = GroundTruthMap.FromBoxes([box], GroundTruthRule.Union, 224);
            var sorted = pred.Order().ToArray();
            var k = gt.NonZero == 0 ? pred.Length / 2 : gt.NonZero;
            double Reference(double t)
            {
                double inter = 0, union = 0;
                for (var i = 0; i < pred.Length; i++)
                {
                    var p = pred[i] > t ? 1.0 : 0.0;
                    inter += p * gt.Values[i];
                    union += gt.Values[i] + (gt.Values[i] == 0 ? p : 0);
                }
                return inter / union;
            }
            var score = scorer.Score(pred, gt);
            Assert.Equal(Reference(sorted[pred.Length / 2]), score.Iou);
            Assert.Equal(Reference(sorted[pred.Length - k]), score.IouAdaptive);
        }
    }
}
