using System.CommandLine;
using System.Globalization;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Commands;

/// <summary>`evaluate`: the official localization metrics of saved maps or of a checkpoint on a benchmark.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var benchmark = new Option<string>("--benchmark") { Description = $"Which benchmark: {string.Join("|", BenchmarkPresets.Names)}.", Required = true };
        var annotations = new Option<string>("--annotations") { Description = "Annotation file (the authors' metadata JSON; for flickr a folder of XMLs or the downloaded root with Annotations/).", Required = true };
        var subset = new Option<string?>("--subset") { Description = "vggss: clip list (ours_vggss.txt, vggss_heard_test.csv, ...); flickr: id list (flickr_test.csv)." };
        var predictions = new Option<string?>("--predictions") { Description = "Folder of saved maps, one .npy per entry (image stem; VGG-SS: `file`; Flickr: the id). Any size up to 224 x 224, float32 or float64." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Benchmark pictures and sounds (found by name), to run --checkpoint on; also where segmentation masks and report pictures are found." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint to run on --data-root." };
        var json = new Option<string?>("--json") { Description = "Write the metrics here (per-sample CSV beside it). With a shard: the shard's manifest, named .shard-i-of-N.json." };
        var saliency = new Option<string?>("--ogl-saliency") { Description = "Folder of object saliency maps (.npy named like the predictions): also report object-guided (OGL) metrics." };
        var ogl = new Option<bool>("--ogl") { Description = "Also report object-guided (OGL) metrics, the object saliency computed from each picture by the offline ImageNet ResNet-18 (with --predictions this needs --data-root for the pictures)." };
        var oglTorchvision = new Option<string?>("--ogl-torchvision") { Description = "With --ogl: a torchvision resnet18 .pth (the authors' network) instead of the offline ImageNet ResNet-18." };
        var degenerate = new Option<string>("--degenerate") { Description = "0/0 IoU (empty box and empty prediction): failure (default; official cIoU/AUC unchanged, mIoU/IIoU finite) or official (NaN poisons mIoU/IIoU).", DefaultValueFactory = _ => "failure" };
        degenerate.AcceptOnlyFromAmong("failure", "official");
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Score the entries whose files exist (and say which are missing) instead of stopping." };
        var shard = new Option<string?>("--shard") { Description = "Score shard i of N (i/N); also read from JOB_COMPLETION_INDEX/JOB_COMPLETIONS. Combine with `merge`." };
        var report = new Option<string?>("--report") { Description = "Write an HTML report (with PNG charts and overlays) into this folder." };
        var batch = new Option<int>("--batch") { Description = "Pairs per model batch (with --checkpoint).", DefaultValueFactory = _ => 16 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var device = TorchSetup.DeviceOption();
        var imageSize = new Option<int?>("--image-size") { Description = "Model input side with --checkpoint, for models trained at a reduced resolution (a deviation; official 224). The scored map stays 224 x 224." };
        var silentPairs = new Option<string?>("--silent-pairs") { Description = "Extended set: the non-sounding pairs of flickr_test_plus_silent.csv / vggss_test_plus_silent.csv added to the benchmark; reports AP, max-F1 and precision (SLAVC's EvaluatorFull). Needs raw maps: --checkpoint, or --predictions holding <video>__<audio>.raw.npy as localize writes." };
        var ceiling = new Option<bool>("--ceiling") { Description = "Print the best cIoU and IIoU any continuous map can score on the benchmark's boxes (the plain threshold predicts half the picture) and exit; needs no maps." };
        var method = MethodSetup.MethodOption();
        var momentum = MethodSetup.MomentumOption();
        var centredMaps = CentredMapsOption();
        var flipAverage = FlipAverageOption();
        var audioSeconds = new Option<double?>("--audio-seconds") { Description = "Audio window length with --checkpoint, centred in the benchmark's clip, for models trained on shorter windows (a deviation; official 3)." };

        var command = new Command("evaluate", "Official localization metrics (cIoU, AUC, adaptive, IIoU/IAUC, mIoU; OGL) of saved maps or of a checkpoint on a benchmark.")
        {
            benchmark, annotations, subset, predictions, dataRoot, checkpoint, json, saliency, ogl, oglTorchvision, degenerate, allowMissing, shard, report, batch, threads, imageSize, audioSeconds, silentPairs, ceiling, device, method, momentum, centredMaps, flipAverage,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var preset = BenchmarkPresets.Get(parse.GetValue(benchmark)!);
            var rule = parse.GetValue(degenerate) == "official" ? DegenerateIouRule.Official : DegenerateIouRule.Failure;
            var set = BenchmarkReader.Read(preset, parse.GetValue(annotations)!, parse.GetValue(subset));
            foreach (var note in set.Notes)
            {
                System.Console.Error.WriteLine($"note: {SettingFlags.Render(note)}");
            }
            if (parse.GetValue(ceiling))
            {
                var (ciou, iiou) = PlainThresholdCeiling.Of(set.Entries, BenchmarkPresets.MapSize);
                var c = System.Globalization.CultureInfo.InvariantCulture;
                System.Console.WriteLine($"{preset.Title}: {set.Entries.Count} entries; the best any continuous map can score with the plain (median) threshold: cIoU {(100 * ciou).ToString("0.00", c)}, IIoU {(100 * iiou).ToString("0.00", c)}");
                return 0;
            }
            var request = new EvaluationRequest
            {
                Benchmark = set,
                Predictions = parse.GetValue(predictions),
                Checkpoint = parse.GetValue(checkpoint),
                DataRoot = parse.GetValue(dataRoot),
                SilentPairs = parse.GetValue(silentPairs),
                Shard = ShardSpec.Resolve(parse.GetValue(shard), Environment.GetEnvironmentVariable),
                Json = parse.GetValue(json),
                Report = parse.GetValue(report),
                OglSaliency = parse.GetValue(saliency),
                Ogl = parse.GetValue(ogl),
                OglTorchvision = parse.GetValue(oglTorchvision),
                AllowMissing = parse.GetValue(allowMissing),
                DegenerateRule = rule,
                MethodName = parse.GetValue(method)!,
                MethodOptions = MethodSetup.Options(parse, momentum),
                Model = ModelRun(parse, batch, threads, imageSize, audioSeconds, device) with { CentredMaps = parse.GetValue(centredMaps), FlipAverage = parse.GetValue(flipAverage) },
            };
            return BenchmarkEvaluation.Evaluate(request, new ConsoleEvaluationObserver()) switch
            {
                SilentPairOutcome extended => SilentPairEvaluation.Show(extended, request.Json),
                LocalizationOutcome scored => Show(scored, request),
                var other => throw new InvalidOperationException($"unknown evaluation outcome {other.GetType().Name}"),
            };
        }));
        return command;
    }

    /// <summary>--centred-maps, as evaluate and localize take it.</summary>
    internal static Option<bool> CentredMapsOption() => new("--centred-maps")
    {
        Description = "Scene-centred maps: each location's feature less the picture's mean before the cosine with the sound (a deviation; AVENet methods and SoundSight-trained models; docs/learning.md).",
    };

    /// <summary>--flip-average, as evaluate and localize take it.</summary>
    internal static Option<bool> FlipAverageOption() => new("--flip-average")
    {
        Description = "Flip-averaged maps: each map averaged with the mirrored picture's map, mirrored back (a deviation, twice the vision work; AVENet methods and SoundSight-trained models; docs/learning.md).",
    };

    /// <summary>How --checkpoint runs: the model options as given, threads set up by <see cref="TorchSetup"/> when the model opens.</summary>
    internal static ModelRunSettings ModelRun(ParseResult parse, Option<int> batch, Option<int?> threads, Option<int?> imageSize, Option<double?> audioSeconds, Option<string> device) => new()
    {
        Batch = parse.GetValue(batch),
        Threads = parse.GetValue(threads),
        ImageSize = parse.GetValue(imageSize),
        AudioSeconds = parse.GetValue(audioSeconds),
        Device = parse.GetValue(device)!,
        ConfigureThreads = n => TorchSetup.Configure(n, backend: null),
    };

    /// <summary>A scored benchmark: its notes and method, then a shard's manifest or the whole run's metrics.</summary>
    private static int Show(LocalizationOutcome scored, EvaluationRequest request)
    {
        foreach (var note in scored.Notes)
        {
            System.Console.Error.WriteLine($"note: {SettingFlags.Render(note)}");
        }
        if (scored.Method is { } m)
        {
            System.Console.WriteLine($"method: {m.Name} ({SettingFlags.Render(scored.MethodReason)})");
        }
        if (scored.ShardManifest is { } manifest)
        {
            System.Console.WriteLine($"shard {scored.Shard}: {scored.Results.Count} samples -> {manifest} (combine with: soundsight merge {Path.GetDirectoryName(manifest)} --json OUT)");
            return 0;
        }
        return Finish(scored.Preset, scored.Metrics!, scored.Results, request.Json, request.Report, scored.Root, request.Predictions, request.Entries);
    }

    /// <summary>A whole run's (or a merge's) metrics printed, then written as asked: JSON with the CSV beside it, the report.</summary>
    internal static int Finish(BenchmarkPreset preset, EvaluationMetrics metrics, IReadOnlyList<SampleResult> results, string? json, string? report, DataRoot? root, string? predictions, IReadOnlyList<BenchmarkEntry>? entries = null)
    {
        EvaluationOutput.RequireSamples(preset, results);
        Print(preset, metrics);
        if (json is not null)
        {
            var csv = EvaluationOutput.Write(json, metrics, results);
            System.Console.Error.WriteLine($"wrote {json} and {csv}");
        }
        if (report is not null)
        {
            var page = EvaluationOutput.WriteReport(report, preset, metrics.DegenerateRule, results, root, predictions, entries);
            System.Console.Error.WriteLine($"wrote {page}");
        }
        return 0;
    }

    private static void Print(BenchmarkPreset preset, EvaluationMetrics metrics)
    {
        var c = CultureInfo.InvariantCulture;
        // NaN (the official rule on 0/0 samples) prints as the JSON's null did: "NaN".
        string Pct(double v) => double.IsNaN(v) ? "NaN" : (v * 100).ToString("0.00", c);
        System.Console.WriteLine($"{preset.Title}: {metrics.Samples} samples");
        System.Console.WriteLine($"  cIoU {Pct(metrics.CIoU)}  AUC {Pct(metrics.Auc)}  cIoU_adap {Pct(metrics.CIoUAdaptive)}  AUC_adap {Pct(metrics.AucAdaptive)}  mIoU {Pct(metrics.MeanIou)}");
        if (metrics.Interactive is { } i)
        {
            System.Console.WriteLine($"  IIoU {Pct(i.IIoU)}  IAUC {Pct(i.IAuc)}  IIoU_adap {Pct(i.IIoUAdaptive)}  IAUC_adap {Pct(i.IAucAdaptive)}");
        }
        if (metrics.Ogl is { } ogl)
        {
            System.Console.WriteLine($"  OGL: cIoU {Pct(ogl.CIoU)}  AUC {Pct(ogl.Auc)}  cIoU_adap {Pct(ogl.CIoUAdaptive)}  AUC_adap {Pct(ogl.AucAdaptive)}");
        }
        if (metrics.Segmentation is { } segmentation)
        {
            System.Console.WriteLine($"  segmentation: mIoU {Pct(segmentation.MeanIou)}  F-measure {Pct(segmentation.FMeasure)}");
        }
        if (metrics.DegenerateSamples > 0)
        {
            System.Console.WriteLine($"  {metrics.DegenerateSamples} sample(s) with 0/0 IoU (empty box, empty prediction), counted by the '{EvaluationSummary.RuleName(metrics.DegenerateRule)}' rule");
        }
    }
}
