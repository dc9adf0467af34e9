using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoundSight.Cli.Console;
using SoundSight.Demo;
using SoundSight.Localization;

namespace SoundSight.Cli.Commands;

/// <summary>`demo`: the embedded default end to end (compose, mine, train, baseline, evaluate, report).</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for report.html, results.json, the data and the runs.", DefaultValueFactory = _ => "demo-output" };
        var quick = new Option<bool>("--quick") { Description = "About a minute: small data, a few steps (proves every stage runs; the numbers mean little)." };
        var minutes = new Option<double?>("--minutes") { Description = "Training budget of the alignment run in minutes (default 4.5; EZ-VSL then gets the same steps)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 0UL };
        var keepDefault = new Option<bool>("--no-default-model") { Description = "Do not make the trained model the default of `localize`." };
        var precision = new Option<string>("--precision") { Description = "Training arithmetic: auto (bf16 where the CPU computes it natively, else fp32), fp32 (the authors') or bf16.", DefaultValueFactory = _ => "auto" };
        precision.AcceptOnlyFromAmong("auto", "fp32", "bf16");
        var plainMaps = new Option<bool>("--plain-maps") { Description = "Read the models' maps as the official code does (the plain cosine map) instead of scene-centred and flip-averaged (docs/learning.md)." };
        var command = new Command("demo", "Train and evaluate the method on the embedded data (no download, no GPU) and write an HTML report.")
        {
            output, quick, minutes, threads, seed, keepDefault, precision, plainMaps,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var settings = (parse.GetValue(quick) ? DemoSettings.Quick : DemoSettings.Full) with { Seed = parse.GetValue(seed), Precision = parse.GetValue(precision)!, CentredMaps = !parse.GetValue(plainMaps), FlipAverage = !parse.GetValue(plainMaps) };
            if (parse.GetValue(minutes) is { } m)
            {
                if (!(m > 0))
                {
                    throw new IO.InputException("--minutes", "must be positive");
                }
                settings = settings with { TrainingBudget = TimeSpan.FromMinutes(m) };
            }
            var n = TorchSetup.Configure(parse.GetValue(threads));
            settings = settings with { Threads = n };
            var c = CultureInfo.InvariantCulture;
            System.Console.Error.WriteLine(string.Create(c,
                $"demo: about {settings.PlannedMinutes:0} minutes on a 2-core CPU ({settings.TrainingBudget.TotalMinutes:0.#} of them training the alignment method; {n} threads here; training in {settings.TrainingPrecision}{(settings.Precision == Models.EncoderPrecision.Auto ? (settings.TrainingPrecision == Models.EncoderPrecision.BFloat16 ? ", which this CPU computes natively" : ", as this CPU has no native bfloat16") : "")})."));
            var observer = new ConsoleStageObserver();
            var pipeline = new DemoPipeline(settings, parse.GetValue(output)!, observer);
            JsonObject results;
            try
            {
                results = pipeline.Run();
            }
            finally
            {
                observer.Dispose();
            }
            foreach (var name in new[] { "trained", "untrained", "ezvsl" })
            {
                var e = results[name]!.AsObject();
                string P(string k) => (100 * e[k]!.GetValue<double>()).ToString("0.0", c);
                System.Console.WriteLine($"{name,-10} cIoU {P("cIoU")}  AUC {P("AUC")}  cIoU_adap {P("cIoU_adaptive")}  IIoU {P("IIoU")}  IAUC {P("IAUC")}  IIoU_adap {P("IIoU_adaptive")}");
            }
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            if (!parse.GetValue(keepDefault))
            {
                var home = DefaultModel.Folder(Environment.GetEnvironmentVariable);
                var model = new DefaultModel(Path.Combine(home, "default-model.safetensors"), settings.ImageSize, settings.AudioSeconds, $"soundsight demo ({folder})", settings.CentredMaps, settings.FlipAverage);
                model.Install(home, pipeline.Selection!.Checkpoint);
                System.Console.Error.WriteLine($"the {(pipeline.Selection.Model == "ezvsl" ? "EZ-VSL" : "alignment")} model is now the default of `localize` ({model.Checkpoint}): {pipeline.Selection.Reason}");
            }
            System.Console.WriteLine($"report: {Path.Combine(folder, "report.html")}  numbers: {Path.Combine(folder, "results.json")}");
            return 0;
        }));
        return command;
    }
}
