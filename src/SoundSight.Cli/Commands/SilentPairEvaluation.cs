using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Protocol;

namespace SoundSight.Cli.Commands;

/// <summary>`evaluate --silent-pairs`: AP, max-F1 and precision of an extended set with non-sounding pairs.</summary>
internal static class SilentPairEvaluation
{
    public static int Run(ParseResult parse, BenchmarkPreset preset, BenchmarkSet set, string csv, Option<string?> predictions, Option<string?> dataRoot, Option<string?> checkpoint,
        Option<string?> json, Option<string?> shard, Option<int> batch, Option<int?> threads, Option<int?> imageSize, Option<double?> audioSeconds, Option<string> device, IReadOnlyList<Option> unsupported)
    {
        foreach (var option in unsupported)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new InputException(option.Name, "is not available with --silent-pairs (the extended-set metrics have no OGL or report)");
            }
        }
        var allEntries = SilentPairSet.Read(set, csv);
        var (spec, entries) = EvaluateCommand.ShardOf(parse.GetValue(shard), allEntries);
        var (rawFolder, checkpointPath, root) = EvaluateCommand.Source(parse, predictions, dataRoot, checkpoint, "--silent-pairs",
            "give either --predictions DIR (raw maps <video>__<audio>.raw.npy as localize writes) or --data-root DIR --checkpoint CK");
        var run = new SilentPairRun(preset, root);
        if (rawFolder is not null)
        {
            // Reported before any progress output, as one line.
            SilentPairRun.CheckRawMaps(entries, rawFolder);
        }
        List<SilentPairScore> scores;
        using (var progress = new ProgressBar($"evaluate {preset.Name} + non-sounding", entries.Count))
        {
            if (rawFolder is not null)
            {
                scores = run.ScoreRawMaps(entries, rawFolder, n => progress.Advance(n));
            }
            else
            {
                var n = TorchSetup.Configure(parse.GetValue(threads), backend: null);
                using var localizer = Localizer.FromCheckpoint(checkpointPath!, EvaluateCommand.ModelOptions(preset, n, parse.GetValue(imageSize), parse.GetValue(audioSeconds), parse.GetValue(device)!), out _);
                scores = run.ScoreModel(entries, root!, localizer, Math.Max(1, parse.GetValue(batch)), k => progress.Advance(k));
            }
        }
        if (!spec.IsWhole)
        {
            var jsonPath = parse.GetValue(json) ?? Path.Combine("evaluation", $"{preset.Name}-plus-silent.json");
            var manifest = ShardResults.ShardPath(jsonPath, spec);
            ShardResults.WriteSilentPairs(manifest, preset, Path.GetFileName(csv), spec, allEntries.Count, entries.Zip(scores).ToList());
            System.Console.WriteLine($"shard {spec}: {scores.Count} pairs -> {manifest} (combine with: soundsight merge {Path.GetDirectoryName(manifest)} --json OUT)");
            return 0;
        }
        return Finish(preset, Path.GetFileName(csv), scores, parse.GetValue(json));
    }

    /// <summary>Prints and writes the extended-set metrics of all pairs (one run, or merged shards).</summary>
    public static int Finish(BenchmarkPreset preset, string extendedSet, IReadOnlyList<SilentPairScore> scores, string? jsonPath)
    {
        var (all, visible) = SilentPairMetrics.Compute(scores);
        var summary = new JsonObject
        {
            ["benchmark"] = preset.Name,
            ["extended_set"] = extendedSet,
            ["samples"] = scores.Count,
            ["sounding"] = scores.Count(s => s.Boxes > 0),
            ["non_sounding"] = scores.Count(s => s.Boxes == 0),
            ["all"] = Subset(all),
        };
        if (visible is not null)
        {
            summary["visible"] = Subset(visible);
        }
        var c = CultureInfo.InvariantCulture;
        System.Console.WriteLine($"{preset.Title} + non-sounding pairs: {scores.Count} samples ({summary["non_sounding"]} non-sounding)");
        System.Console.WriteLine($"  all: AP {(all.Ap * 100).ToString("0.00", c)}  max-F1 {(all.MaxF1 * 100).ToString("0.00", c)}  precision {(all.Precision * 100).ToString("0.00", c)}");
        if (jsonPath is not null)
        {
            EvaluationSummary.Write(jsonPath, summary);
            System.Console.Error.WriteLine($"wrote {jsonPath}");
        }
        return 0;
    }

    private static JsonObject Subset(SilentPairSubset s) => new()
    {
        ["AP"] = Value(s.Ap),
        ["max_F1"] = Value(s.MaxF1),
        ["precision"] = Value(s.Precision),
        ["AUC"] = Value(s.Auc),
        ["F1"] = new JsonArray(s.F1.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };

    private static JsonNode? Value(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
