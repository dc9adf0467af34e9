using System.Globalization;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Commands;

/// <summary>`evaluate --silent-pairs` (and its merge) on the terminal: a shard's manifest, or AP, max-F1 and precision of the extended set.</summary>
internal static class SilentPairEvaluation
{
    /// <summary>An extended set scored by the library: the shard written, or the whole run's metrics printed and written.</summary>
    public static int Show(SilentPairOutcome outcome, string? jsonPath)
    {
        if (outcome.ShardManifest is { } manifest)
        {
            System.Console.WriteLine($"shard {outcome.Shard}: {outcome.Scores.Count} pairs -> {manifest} (combine with: soundsight merge {Path.GetDirectoryName(manifest)} --json OUT)");
            return 0;
        }
        return Finish(outcome.Metrics!, outcome.Preset, jsonPath);
    }

    /// <summary>Prints and writes the extended-set metrics of all pairs (one run, or merged shards).</summary>
    public static int Finish(BenchmarkPreset preset, string extendedSet, IReadOnlyList<SilentPairScore> scores, string? jsonPath) =>
        Finish(SilentPairSummary.Compute(preset, extendedSet, scores), preset, jsonPath);

    private static int Finish(SilentPairSummary summary, BenchmarkPreset preset, string? jsonPath)
    {
        var c = CultureInfo.InvariantCulture;
        var all = summary.All;
        System.Console.WriteLine($"{preset.Title} + non-sounding pairs: {summary.Samples} samples ({summary.NonSounding} non-sounding)");
        System.Console.WriteLine($"  all: AP {(all.Ap * 100).ToString("0.00", c)}  max-F1 {(all.MaxF1 * 100).ToString("0.00", c)}  precision {(all.Precision * 100).ToString("0.00", c)}");
        if (jsonPath is not null)
        {
            SilentPairSummaryJson.Write(jsonPath, summary);
            System.Console.Error.WriteLine($"wrote {jsonPath}");
        }
        return 0;
    }
}
