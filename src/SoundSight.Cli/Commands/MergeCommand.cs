using System.CommandLine;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;

namespace SoundSight.Cli.Commands;

/// <summary>`merge`: combines `evaluate --shard` outputs and computes every metric once.</summary>
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
            var (preset, rule, results, notes) = ShardResults.Merge(parse.GetValue(inputs)!);
            foreach (var note in notes)
            {
                System.Console.Error.WriteLine($"note: {note}");
            }
            var root = parse.GetValue(dataRoot) is { } r ? new DataRoot(r) : null;
            return EvaluateCommand.Finish(preset, results, rule, parse.GetValue(json), parse.GetValue(report), root, parse.GetValue(predictions));
        }));
        return command;
    }
}
