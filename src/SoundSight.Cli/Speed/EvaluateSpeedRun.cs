using System.Diagnostics;
using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Speed;

/// <summary>Seconds of one scoring run, and the metrics it gave (to check against the official code's).</summary>
public sealed record EvaluateTiming(double Seconds, double CIoU, double Auc, double CIoUAdaptive, double AucAdaptive, double IIoU, double IAuc);

/// <summary>Where a single-threaded scoring pass spends its time, in seconds over all maps.</summary>
/// <param name="Load">Reading, checking and normalising the maps (one fused pass for float32 maps).</param>
public sealed record EvaluateProfile(double Load, double GroundTruth, double Threshold, double Iou, double Metrics);

/// <summary>
/// Scoring speed of `evaluate --predictions`: seeded random 224 x 224 float32 maps with IS3-style boxes (pairs
/// of entries sharing an interactive group), written as .npy files plus a synthetic3240_bbox-format json, so the
/// official metric code (tools/bench/official_metrics.py) reads exactly the same files.
/// </summary>
public sealed class EvaluateSpeedRun : IDisposable
{
    private readonly BenchmarkPreset _preset = BenchmarkPresets.Get(BenchmarkKind.Is3);

    public EvaluateSpeedRun(int maps, int seed = 7)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"soundsight-bench-evaluate-{Environment.ProcessId}");
        Directory.CreateDirectory(Folder);
        MapsFolder = Path.Combine(Folder, "maps");
        Directory.CreateDirectory(MapsFolder);
        AnnotationsPath = Path.Combine(Folder, "synthetic3240_bbox.json");
        Write(maps, seed);
        Set = BenchmarkReader.Read(_preset, AnnotationsPath);
    }

    public string Folder { get; }

    public string MapsFolder { get; }

    public string AnnotationsPath { get; }

    public BenchmarkSet Set { get; }

    /// <summary>The library path of `evaluate --predictions` (parallel over all cores): load, score, metrics.</summary>
    public EvaluateTiming Run()
    {
        var watch = Stopwatch.StartNew();
        var results = new EvaluationRun(_preset).ScorePredictions(Set.Entries, MapsFolder);
        var m = LocalizationMetrics.Compute(results.OrderBy(r => r.Index).ToList(), DegenerateIouRule.Official);
        watch.Stop();
        return new EvaluateTiming(watch.Elapsed.TotalSeconds, m.CIoU, m.Auc, m.CIoUAdaptive, m.AucAdaptive, m.IIoU, m.IAuc);
    }

    /// <summary>The same steps one map at a time on one thread, each step timed on its own.</summary>
    public EvaluateProfile Profile()
    {
        var loader = new PredictionLoader(MapsFolder, _preset);
        var evaluator = new LocalizationEvaluator(_preset);
        var buffers = new PredictionBuffers();
        var scratch = new double[BenchmarkPresets.MapSize * BenchmarkPresets.MapSize];
        var singleScratch = new float[scratch.Length];
        var results = new List<SampleResult>(Set.Entries.Count);
        long load = 0, truth = 0, threshold = 0, iou = 0;
        var scorer = new SampleScorer();
        foreach (var entry in Set.Entries)
        {
            var t0 = Stopwatch.GetTimestamp();
            var map = loader.Load(entry, buffers);
            var t2 = Stopwatch.GetTimestamp();
            var gt = evaluator.GroundTruth(entry);
            var t3 = Stopwatch.GetTimestamp();
            var n = map.Length;
            if (map.Singles is { } singles)
            {
                ThresholdSelection.KthSmallestPairAndCounts(singles, n / 2, SampleScorer.AdaptiveRank(n, gt), singleScratch, map.SingleExtremes);
            }
            else
            {
                ThresholdSelection.KthSmallestPair(map.Values, n / 2, SampleScorer.AdaptiveRank(n, gt), scratch);
            }
            var t4 = Stopwatch.GetTimestamp();
            var score = scorer.Score(map, gt);
            var t5 = Stopwatch.GetTimestamp();
            results.Add(new SampleResult { Index = entry.Index, Name = entry.Name, Group = entry.Group, Class = entry.Class, Score = score });
            load += t2 - t0;
            truth += t3 - t2;
            threshold += t4 - t3;
            // Score selects the thresholds again: its IoU part is what is left.
            iou += Math.Max(0, (t5 - t4) - (t4 - t3));
        }
        var m0 = Stopwatch.GetTimestamp();
        LocalizationMetrics.Compute(results, DegenerateIouRule.Official);
        var metrics = Stopwatch.GetTimestamp() - m0;
        double S(long ticks) => (double)ticks / Stopwatch.Frequency;
        return new EvaluateProfile(S(load), S(truth), S(threshold), S(iou), S(metrics));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>Maps: a bump near the entry's box plus uniform noise, so IoUs spread over (0, 1).</summary>
    private void Write(int maps, int seed)
    {
        var random = new Random(seed);
        var size = BenchmarkPresets.MapSize;
        var entries = new List<Dictionary<string, object>>(maps);
        var map = new float[size * size];
        for (var i = 0; i < maps; i++)
        {
            var group = i / 2;
            var name = $"bench{group:D5}_{group}_{(i % 2 == 0 ? "first" : "second")}";
            var x1 = random.Next(0, 180);
            var y1 = random.Next(0, 180);
            var x2 = random.Next(x1 + 20, size + 1);
            var y2 = random.Next(y1 + 20, size + 1);
            var cx = ((x1 + x2) / 2.0) + random.Next(-40, 41);
            var cy = ((y1 + y2) / 2.0) + random.Next(-40, 41);
            var sigma = 15 + (random.NextDouble() * 40);
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var d2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                    map[(y * size) + x] = (float)(Math.Exp(-d2 / (2 * sigma * sigma)) + (0.3 * random.NextDouble()));
                }
            }
            Npy.WriteFloat32(Path.Combine(MapsFolder, name + ".npy"), map, size, size);
            entries.Add(new Dictionary<string, object>
            {
                ["image"] = $"/bench/visual_frames/{name}.jpg",
                ["audio"] = $"/bench/audio_wav/{name}.wav",
                ["gt_box"] = new[] { (double)x1, y1, x2, y2 },
            });
        }
        File.WriteAllText(AnnotationsPath, JsonSerializer.Serialize(entries));
    }
}
