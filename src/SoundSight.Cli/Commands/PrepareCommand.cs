using System.CommandLine;
using System.Globalization;
using SoundSight.Cli.Console;
using SoundSight.Data;
using SoundSight.IO;
using SoundSight.Preparation;

namespace SoundSight.Cli.Commands;

/// <summary>`prepare`: videos in, a data root the benchmarks and the trainer read out; or `--check` an existing root.</summary>
public static class PrepareCommand
{
    public static Command Create()
    {
        var videos = new Option<string?>("--videos") { Description = "Folder of videos (searched recursively), or a list file with one 'path' or 'path,clip-start-seconds' per line." };
        var output = new Option<string?>("--out") { Description = "Output data root (created; an interrupted run resumes here)." };
        var layout = new Option<string?>("--layout") { Description = "vggsound (VGGSound_img/<id>/image_050.jpg + VGGSound_aud/<id>.wav, default), flickr (the Flickr-SoundNet test folders) or manifest (images/, audio/, manifest.csv)." };
        var workers = new Option<int>("--workers") { Description = "Clips prepared in parallel (one ffmpeg each).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var frameAt = new Option<double>("--frame-at") { Description = "Time of the frame inside the 10-s clip, seconds (5.0: VGG-SS's image_050.jpg at 10 fps, the 125th frame at 25 fps).", DefaultValueFactory = _ => 5.0 };
        var frameIndex = new Option<int?>("--frame-index") { Description = "Take the clip's n-th decoded frame (0-based) instead of the frame at --frame-at." };
        var clipStart = new Option<double?>("--clip-start") { Description = "Where the 10-s clip starts in each video, seconds (default: from VGGSound names <ytid>_<start> when the file is the full video, else 0)." };
        var benchmark = new Option<string?>("--benchmark") { Description = "Benchmark list to report missing ids against (vggss.json, ours_vggss.txt, vggss_test.csv, flickr_test.csv, or one id per line)." };
        var check = new Option<string?>("--check") { Description = "Validate this existing data root (against --benchmark when given) and write nothing." };

        var command = new Command("prepare", "Turn videos into the frames and 16 kHz sounds the benchmarks and the trainer read, resumably and in parallel; or --check a data root.")
        {
            videos, output, layout, workers, frameAt, frameIndex, clipStart, benchmark, check,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CommandRunner.Run(() =>
        {
            var settings = new PrepareSettings { FrameSeconds = parse.GetValue(frameAt), FrameIndex = parse.GetValue(frameIndex) };
            if (settings.FrameIndex is < 0)
            {
                throw new InputException("--frame-index", "must not be negative");
            }
            if (settings.FrameSeconds < 0 || settings.FrameSeconds >= settings.ClipSeconds)
            {
                throw new InputException("--frame-at", "must lie inside the 10-s clip");
            }
            var layoutName = parse.GetValue(layout);
            OutputLayout? chosen = layoutName is null ? null : OutputLayouts.Parse(layoutName);
            var list = parse.GetValue(benchmark) is { } b ? BenchmarkList.Load(b) : null;
            if (parse.GetValue(check) is { } root)
            {
                return Check(root, chosen, list, settings);
            }
            var source = parse.GetValue(videos) ?? throw new InputException("prepare", "give --videos DIR|LIST and --out DIR (or --check ROOT)");
            var outRoot = parse.GetValue(output) ?? throw new InputException("prepare", "give --out DIR");
            var items = SourceScanner.Scan(source, parse.GetValue(clipStart));
            return Prepare(items, outRoot, chosen ?? OutputLayout.VggSound, settings, parse.GetValue(workers), list, cancel);
        })));
        return command;
    }

    private static int Prepare(IReadOnlyList<SourceItem> items, string outRoot, OutputLayout layout, PrepareSettings settings, int workers,
        IReadOnlyList<string>? benchmark, CancellationToken cancel)
    {
        System.Console.Error.WriteLine($"prepare: {items.Count} source(s) -> {Path.GetFullPath(outRoot)} ({layout}, {workers} worker(s), {settings.Describe()})");
        ProgressBar? bar = null;
        var progress = new SynchronousProgress<PrepareProgress>(p =>
        {
            if (bar is null)
            {
                bar = new ProgressBar("prepare", p.Total, p.Finished);
                return;
            }
            bar.Advance(1, p.Status == JournalEntry.Failed ? $"failed: {p.Id}" : p.Id);
        });
        PrepareReport report;
        try
        {
            report = new DatasetPreparer(outRoot, layout, settings).Run(items, workers, benchmark, progress, cancel);
        }
        finally
        {
            bar?.Dispose();
        }
        var c = CultureInfo.InvariantCulture;
        System.Console.WriteLine(string.Create(c, $"done {report.Done}, skipped {report.Skipped} (done before), failed {report.Failed.Count}; the root holds {report.TotalDone} clip(s), listed in {report.ManifestPath}"));
        foreach (var group in report.Failed.GroupBy(f => f.Reason))
        {
            System.Console.WriteLine($"failed, {group.Key}: {group.Count()}");
            foreach (var f in group.Take(10))
            {
                System.Console.WriteLine($"  {f.Source}: {f.Detail}");
            }
            if (group.Count() > 10)
            {
                System.Console.WriteLine($"  ... and {group.Count() - 10} more (all in {DatasetPreparer.FailedFileName})");
            }
        }
        if (benchmark is not null)
        {
            PrintMissing(report.Missing, report.BenchmarkCount);
        }
        return 0;
    }

    private static int Check(string root, OutputLayout? layout, IReadOnlyList<string>? benchmark, PrepareSettings settings)
    {
        var report = new DataRootChecker(settings).Check(root, layout, benchmark);
        System.Console.WriteLine($"{root}: {report.Layout} layout, {report.Complete} of {report.Expected} clip(s) complete, {report.Problems.Count} with problems, {report.Missing.Count} missing");
        foreach (var p in report.Problems.Take(20))
        {
            System.Console.WriteLine($"  {p}");
        }
        if (report.Problems.Count > 20)
        {
            System.Console.WriteLine($"  ... and {report.Problems.Count - 20} more");
        }
        if (report.Missing.Count > 0)
        {
            PrintMissing(report.Missing, report.Expected);
        }
        return report.Ok ? 0 : 3;
    }

    private static void PrintMissing(IReadOnlyList<string> missing, int expected)
    {
        System.Console.WriteLine($"missing against the benchmark: {missing.Count} of {expected}{(missing.Count > 0 ? ": " + string.Join(' ', missing.Take(10)) + (missing.Count > 10 ? " ..." : "") : "")}");
    }
}
