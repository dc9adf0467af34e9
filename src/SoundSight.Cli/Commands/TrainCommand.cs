using System.CommandLine;
using System.Globalization;
using SoundSight.Cli.Console;
using SoundSight.IO;
using SoundSight.Training;

namespace SoundSight.Cli.Commands;

/// <summary>`train`: runs a recipe, observable (progress, metrics log, loss curve) and resumable.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Recipe (recipes/*.json).", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a recipe key: --set batch_size=32 (repeatable).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Run folder (checkpoints, metrics.jsonl, loss.png, best.safetensors).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its newest checkpoint." };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Drop unreadable items (reported, counted) instead of stopping." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var device = new Option<string?>("--device") { Description = "Where the model trains: cpu, cuda or cuda:N (overrides the recipe's device; CUDA: docs/gpu.md)." };
        var command = new Command("train", "Train the alignment method (or the EZ-VSL baseline) from a recipe.") { config, set, output, resume, skipBad, threads, device };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var recipe = TrainingRecipe.Load(parse.GetValue(config)!).With(parse.GetValue(set) ?? []);
            if (parse.GetValue(skipBad))
            {
                recipe = recipe with { SkipBad = true };
            }
            if (parse.GetValue(threads) is { } t)
            {
                recipe = recipe with { Threads = t };
            }
            if (parse.GetValue(device) is { } d)
            {
                recipe = recipe with { Device = d };
            }
            recipe.Validate();
            var run = parse.GetValue(output)!;
            var checkpoints = Path.Combine(run, "checkpoints");
            if (!parse.GetValue(resume) && Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "step-*.json").Any())
            {
                throw new InputException(run, "already holds a run: add --resume to continue it, or choose another --out");
            }
            TorchSetup.Configure(recipe.Threads);
            System.Console.Error.WriteLine("resolved recipe:");
            System.Console.Error.WriteLine(recipe.ToJson());
            if (!new Imaging.ImageDecoder().UsesTurboJpeg)
            {
                System.Console.Error.WriteLine("note: libturbojpeg.so.0 not found, so JPEGs decode through SkiaSharp (no SIMD, about 3x slower; scripts/setup.sh installs it)");
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (cancel.IsCancellationRequested)
                {
                    return; // a second Ctrl-C ends the process at once
                }
                e.Cancel = true;
                System.Console.Error.WriteLine();
                System.Console.Error.WriteLine("stopping after this step: saving a checkpoint (Ctrl-C again to abort)...");
                cancel.Cancel();
            };
            System.Console.CancelKeyPress += onCancel;
            try
            {
                ProgressBar? bar = null;
                var progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (p.Message is not null)
                    {
                        System.Console.Error.WriteLine(p.Message);
                        return;
                    }
                    bar ??= new ProgressBar("train", p.TotalSteps, p.Step - 1);
                    bar.Advance(1, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch} loss {p.Loss:0.000} {p.PairsPerSecond:0.0} pairs/s"));
                });
                var summary = new Trainer(recipe, run).Run(progress, cancel.Token);
                bar?.Dispose();
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(summary.Cancelled ? "stopped" : "finished")}: {summary.Steps} steps, last loss {summary.LastLoss:0.0000}, best validation audio->image R@1 {summary.BestMetric:0.000} at step {summary.BestStep}; run in {Path.GetFullPath(run)}"));
                if (summary.Neighbours is { } neighbours)
                {
                    System.Console.WriteLine($"neighbours: {neighbours.Describe()}");
                }
                System.Console.WriteLine($"memory: {Runtime.MemoryUse.Describe(Runtime.ComputeDevice.Resolve(recipe.Device, "device"))}");
                if (summary.SkippedItems + summary.BadItemsDropped > 0)
                {
                    System.Console.WriteLine($"skipped items: {summary.BadItemsDropped} unreadable at the start, {summary.SkippedItems} replaced during training");
                }
                return summary.Cancelled ? 130 : 0;
            }
            finally
            {
                System.Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }
}
