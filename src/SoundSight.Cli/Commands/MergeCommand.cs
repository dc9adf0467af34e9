using System.CommandLine;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Commands;

/// <summary>`merge`: combines `evaluate --shard` outputs (plain or --silent-pairs) and computes every metric once.</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("shards") { Description = "Shard manifests (*.shard-i-of-N.json) or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<string?>("--json") { Description = "Write the merged metrics here (per-sample CSV beside it)." };
        var report = new Option<string?>("--report") { Description = "Write an HTML report into this folder." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Benchmark pictures, for the report's overlays." };
        var predictions = new Option<string?>("--predictions") { Description = "Saved maps, for the report's overlays." };
        var command = new Command("merge", "Combine evaluate --shard results; metrics are computed once over all samples (equal to a single run).")
        {
            inputs, json, report, dataRoot, predictions,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var shards = parse.GetValue(inputs)!;
            if (ShardResults.KindOf(shards) == ShardResults.SilentPairsKind)
            {
                foreach (var option in new Option[] { report, dataRoot, predictions })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                    {
                        throw new InputException(option.Name, "is not available for --silent-pairs shards (the extended-set metrics have no report)");
                    }
                }
                var (extendedPreset, extendedSet, scores) = ShardResults.MergeSilentPairs(shards);
                return SilentPairEvaluation.Finish(extendedPreset, extendedSet, scores, parse.GetValue(json));
            }
            var (preset, rule, results, notes) = ShardResults.Merge(shards);
            foreach (var note in notes)
            {
                System.Console.Error.WriteLine($"note: {SettingFlags.Render(note)}");
            }
            var root = parse.GetValue(dataRoot) is { } r ? new DataRoot(r) : null;
            return EvaluateCommand.Finish(preset, EvaluationMetrics.Compute(preset, results, rule), results, parse.GetValue(json), parse.GetValue(report), root, parse.GetValue(predictions));
        }));
        return command;
    }
}
