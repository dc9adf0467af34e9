using System.CommandLine;
using System.Globalization;
using SoundSight.Cli.Console;
using SoundSight.Demo;
using SoundSight.Study;

namespace SoundSight.Cli.Commands;

/// <summary>`study`: a grid of recipes x settings x seeds on the demo's data, scored on the held-out and out-of-distribution sets.</summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Study config (JSON: data, steps, seeds, recipes, settings; docs/learning.md).", Required = true };
        var output = new Option<string>("--out") { Description = "Study folder (data, runs, study.md/json/html); a rerun continues it.", DefaultValueFactory = _ => "study-output" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var reportOnly = new Option<bool>("--report-only") { Description = "Write the table from the runs finished so far, train nothing." };
        var noTraining = new Option<bool>("--no-training") { Description = "Score the finished runs on the sets they lack (e.g. a set added since), write the table, train nothing." };
        var command = new Command("study", "Train a grid of recipes x settings x seeds and tabulate held-out and out-of-distribution scores with paired tests.")
        {
            config, output, threads, reportOnly, noTraining,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var study = StudyConfig.Load(parse.GetValue(config)!);
            var n = TorchSetup.Configure(parse.GetValue(threads));
            using var observer = new ConsoleStageObserver();
            var runner = new StudyRunner(study, parse.GetValue(output)!, observer, n);
            if (parse.GetValue(reportOnly))
            {
                var finished = runner.ReportOnly();
                System.Console.WriteLine($"report of {finished.Count} finished runs: {Path.Combine(runner.Output, "study.md")}");
                return 0;
            }
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (cancel.IsCancellationRequested)
                {
                    return;
                }
                e.Cancel = true;
                System.Console.Error.WriteLine();
                System.Console.Error.WriteLine("stopping after this step: saving a checkpoint (Ctrl-C again to abort); a rerun continues");
                cancel.Cancel();
            };
            System.Console.CancelKeyPress += onCancel;
            try
            {
                var results = runner.Run(cancel.Token, train: !parse.GetValue(noTraining));
                var planned = study.Cells().Count * study.Seeds.Count;
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{results.Count} of {planned} runs finished; table: {Path.Combine(runner.Output, "study.md")}  page: {Path.Combine(runner.Output, "study.html")}"));
                return cancel.IsCancellationRequested ? 130 : 0;
            }
            finally
            {
                System.Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }
}
