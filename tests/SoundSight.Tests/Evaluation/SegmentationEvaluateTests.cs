using System.Text.Json;
using SkiaSharp;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Tests.Cli;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>`evaluate` on a *_seg.json benchmark (mask ground truth) adds the segmentation mIoU and F-measure.</summary>
public class SegmentationEvaluateTests
{
    private const int N = 224;

    [Fact]
    public void SegJsonGivesTheLibrarysSegmentationMetricsAndShardsMergeToTheSingleRun()
    {
        var folder = Directory.CreateTempSubdirectory("soundsight-seg-").FullName;
        try
        {
            var predictions = Path.Combine(folder, "predictions");
            var masks = Path.Combine(folder, "root", "gt_segmentation");
            Directory.CreateDirectory(predictions);
            Directory.CreateDirectory(masks);
            var rng = new Random(7);
            var items = new List<string>();
            const int count = 7;
            for (var i = 0; i < count; i++)
            {
                var name = $"s{i:D2}";
                // A box mask (sample 3 empty: it is left out of the F-measure, and its IoU is the background agreement).
                var (x1, y1) = (rng.Next(0, 150), rng.Next(0, 150));
                var (x2, y2) = i == 3 ? (x1, y1) : (x1 + rng.Next(10, 70), y1 + rng.Next(10, 70));
                WriteMask(Path.Combine(masks, name + ".png"), x1, y1, x2, y2);
                var map = new float[N * N];
                for (var p = 0; p < map.Length; p++)
                {
                    var (x, y) = (p % N, p / N);
                    map[p] = (float)(rng.NextDouble() + (x >= x1 && x < x2 && y >= y1 && y < y2 ? 0.6 : 0));
                }
                Npy.WriteFloat32(Path.Combine(predictions, name + ".npy"), map, N, N);
                items.Add($"{{\"image\": \"/data/IS3/images/{name}.jpg\", \"audio\": \"/data/IS3/audio/{name}.wav\", \"gt_box\": \"/data/IS3/gt/{name}.png\"}}");
            }
            var annotations = Path.Combine(folder, "synthetic3240_seg.json");
            File.WriteAllText(annotations, "[" + string.Join(",\n", items) + "]");
            var root = Path.Combine(folder, "root");

            var single = Path.Combine(folder, "out", "single.json");
            var r = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--data-root", root, "--json", single);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("F-measure", r.Stdout);
            var json = JsonDocument.Parse(File.ReadAllText(single)).RootElement;

            // The library on the same maps and masks.
            var preset = BenchmarkPresets.Get("is3");
            var entries = BoxJsonReader.Read(preset, annotations).Entries;
            var loader = new PredictionLoader(predictions, preset);
            var ious = new List<double>();
            var curves = new List<float[]>();
            foreach (var e in entries)
            {
                var pred = SegmentationMetrics.AsFloat32(loader.Load(e));
                var gt = LocalizationEvaluator.MaskFile(Path.Combine(masks, e.Name + ".png"), e.Name).Values;
                ious.Add(SegmentationMetrics.Iou(pred, gt, ThresholdSelection.KthSmallest(pred, pred.Length / 2, new double[pred.Length])));
                if (SegmentationMetrics.FCurve(pred, gt, SegmentationMetrics.Thresholds()) is { } curve)
                {
                    curves.Add(curve);
                }
            }
            Assert.Equal(count - 1, curves.Count);
            Assert.Equal(ious.Average(), json.GetProperty("seg_mIoU").GetDouble(), 12);
            Assert.Equal(SegmentationMetrics.FMeasure(curves), json.GetProperty("F_measure").GetDouble(), 12);
            Assert.InRange(json.GetProperty("F_measure").GetDouble(), 0.3, 1.0);

            var shards = Path.Combine(folder, "shards");
            for (var i = 0; i < 3; i++)
            {
                var s = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--data-root", root,
                    "--shard", $"{i}/3", "--json", Path.Combine(shards, "eval.json"));
                Assert.True(s.ExitCode == 0, s.Stderr);
            }
            var merged = Path.Combine(folder, "out", "merged.json");
            var m = CliRunner.Run("merge", shards, "--json", merged);
            Assert.True(m.ExitCode == 0, m.Stderr);
            Assert.Equal(File.ReadAllText(single), File.ReadAllText(merged));
            Assert.Equal(File.ReadAllText(Path.ChangeExtension(single, ".csv")), File.ReadAllText(Path.ChangeExtension(merged, ".csv")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static void WriteMask(string path, int x1, int y1, int x2, int y2)
    {
        using var bitmap = new SKBitmap(N, N, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < N; y++)
        {
            for (var x = 0; x < N; x++)
            {
                bitmap.SetPixel(x, y, x >= x1 && x < x2 && y >= y1 && y < y2 ? SKColors.White : SKColors.Black);
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
