using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>The evaluation API as a library user calls it: the request's rules, typed metrics, and the JSON written at the edge.</summary>
public class BenchmarkEvaluationTests
{
    private static EvaluationRequest Request(GoldenCase c) => new()
    {
        Benchmark = BenchmarkReader.Read(c.Preset, c.Annotations, c.Subset),
        Predictions = c.Predictions,
    };

    [Fact]
    public void TypedMetricsAreTheOfficialNumbersAndTheJsonKeepsItsKeysInOrder()
    {
        using var c = new GoldenCase("is3_random");
        var outcome = Assert.IsType<LocalizationOutcome>(BenchmarkEvaluation.Evaluate(Request(c) with { OglSaliency = c.Saliency }));
        var metrics = outcome.Metrics!;
        Assert.Equal(c.Names.Count, metrics.Samples);
        Assert.Equal(c.Names.Count, outcome.Results.Count);
        Assert.Null(outcome.Method);
        Assert.Equal(GoldenCase.Number(c.Expected.GetProperty("cIoU")), metrics.CIoU, 9);
        Assert.Equal(GoldenCase.Number(c.Expected.GetProperty("IIoU")), metrics.Interactive!.IIoU, 9);
        Assert.Equal(c.Expected.GetProperty("ogl").GetProperty("cIoU").GetDouble(), metrics.Ogl!.CIoU, 9);

        var json = Path.Combine(c.Folder, "out", "metrics.json");
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        EvaluationOutput.Write(json, metrics, outcome.Results);
        var keys = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["benchmark", "samples", "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive", "mIoU", "IIoU", "IAUC", "IIoU_adaptive", "IAUC_adaptive", "ogl", "degenerate_samples", "degenerate_rule"], keys);
        Assert.True(File.Exists(EvaluationSummary.CsvBeside(json)));
    }

    [Fact]
    public void AShardWritesItsManifestAndHasNoMetrics()
    {
        using var c = new GoldenCase("is3_random");
        var outcome = BenchmarkEvaluation.Evaluate(Request(c) with { Shard = new ShardSpec(1, 3), Json = Path.Combine(c.Folder, "shards", "eval.json") });
        var scored = Assert.IsType<LocalizationOutcome>(outcome);
        Assert.Null(scored.Metrics);
        Assert.Equal(Path.Combine(c.Folder, "shards", "eval.shard-0001-of-0003.json"), scored.ShardManifest);
        Assert.True(File.Exists(scored.ShardManifest));
        Assert.Equal(c.Names.Count / 3, scored.Results.Count);
    }

    [Fact]
    public void TheRequestsRulesAreCheckedWithTheCommandLinesMessages()
    {
        using var c = new GoldenCase("is3_random");
        var request = Request(c);
        // The library names settings; the CLI prints each as its flag (SettingFlags), which is what users read.
        string Error(EvaluationRequest r) => SoundSight.Cli.Console.SettingFlags.Describe(Assert.Throws<InputException>(() => BenchmarkEvaluation.Evaluate(r)));
        Assert.Contains("give either --predictions DIR or --data-root DIR --checkpoint CK", Error(request with { Checkpoint = "model.safetensors" }));
        Assert.Contains("needs --data-root", Error(request with { Predictions = null, Checkpoint = "model.safetensors" }));
        Assert.Contains("not both", Error(request with { Ogl = true, OglSaliency = c.Saliency }));
        Assert.Contains("needs --data-root (the pictures", Error(request with { OglTorchvision = "resnet18.pth" }));
        Assert.Contains("is not available with --silent-pairs", Error(request with { SilentPairs = "pairs.csv", OglSaliency = c.Saliency }));
    }
}
