using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Methods;
using SoundSight.Models.ImageNet;
using SoundSight.Protocol;

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
        var audioSeconds = new Option<double?>("--audio-seconds") { Description = "Audio window length with --checkpoint, centred in the benchmark's clip, for models trained on shorter windows (a deviation; official 3)." };

        var command = new Command("evaluate", "Official localization metrics (cIoU, AUC, adaptive, IIoU/IAUC, mIoU; OGL) of saved maps or of a checkpoint on a benchmark.")
        {
            benchmark, annotations, subset, predictions, dataRoot, checkpoint, json, saliency, ogl, oglTorchvision, degenerate, allowMissing, shard, report, batch, threads, imageSize, audioSeconds, silentPairs, ceiling, device, method, momentum,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var preset = BenchmarkPresets.Get(parse.GetValue(benchmark)!);
            var rule = parse.GetValue(degenerate) == "official" ? DegenerateIouRule.Official : DegenerateIouRule.Failure;
            var set = BenchmarkReader.Read(preset, parse.GetValue(annotations)!, parse.GetValue(subset));
            foreach (var note in set.Notes)
            {
                System.Console.Error.WriteLine($"note: {note}");
            }
            if (parse.GetValue(ceiling))
            {
                var (ciou, iiou) = PlainThresholdCeiling.Of(set.Entries, BenchmarkPresets.MapSize);
                var c = System.Globalization.CultureInfo.InvariantCulture;
                System.Console.WriteLine($"{preset.Title}: {set.Entries.Count} entries; the best any continuous map can score with the plain (median) threshold: cIoU {(100 * ciou).ToString("0.00", c)}, IIoU {(100 * iiou).ToString("0.00", c)}");
                return 0;
            }
            if (parse.GetValue(silentPairs) is { } silentCsv)
            {
                return SilentPairEvaluation.Run(parse, preset, set, silentCsv, predictions, dataRoot, checkpoint, json, shard, batch, threads, imageSize, audioSeconds, device,
                    [report, saliency, ogl, oglTorchvision]);
            }
            var (spec, entries) = ShardOf(parse.GetValue(shard), set.Entries);
            var (predictionFolder, checkpointPath, root) = Source(parse, predictions, dataRoot, checkpoint, "evaluate", "give either --predictions DIR or --data-root DIR --checkpoint CK");
            var chosen = ChooseMethod(parse.GetValue(method)!, checkpointPath, predictionFolder);
            var results = Score(new ScoreRequest(parse, preset, entries, spec, predictionFolder, checkpointPath, root, chosen, MethodSetup.Options(parse, momentum),
                saliency, ogl, oglTorchvision, allowMissing, batch, threads, imageSize, audioSeconds, device), out var notes);
            foreach (var note in notes)
            {
                System.Console.Error.WriteLine($"note: {note}");
            }
            if (chosen.Method is { } m)
            {
                System.Console.WriteLine($"method: {m.Name} ({chosen.Reason})");
            }
            entries = results.Entries;
            if (!spec.IsWhole)
            {
                var jsonPath = parse.GetValue(json) ?? Path.Combine("evaluation", $"{preset.Name}.json");
                var manifest = ShardResults.ShardPath(jsonPath, spec);
                ShardResults.Write(manifest, preset, spec, set.Entries.Count, entries.Count, rule, results.Results);
                System.Console.WriteLine($"shard {spec}: {results.Results.Count} samples -> {manifest} (combine with: soundsight merge {Path.GetDirectoryName(manifest)} --json OUT)");
                return 0;
            }
            return Finish(preset, results.Results, rule, parse.GetValue(json), parse.GetValue(report), root, predictionFolder, set.Entries);
        }));
        return command;
    }

    /// <summary>The shard (--shard or the Indexed Job variables) and its slice of the entries.</summary>
    internal static (ShardSpec Spec, List<BenchmarkEntry> Entries) ShardOf(string? option, IReadOnlyList<BenchmarkEntry> all)
    {
        var spec = ShardSpec.Resolve(option, Environment.GetEnvironmentVariable);
        var (start, end) = spec.Range(all.Count);
        return (spec, all.Skip(start).Take(end - start).ToList());
    }

    /// <summary>What one scoring run needs (evaluate's options, or compare's for one method).</summary>
    internal sealed record ScoreRequest(ParseResult Parse, BenchmarkPreset Preset, List<BenchmarkEntry> Entries, ShardSpec Spec, string? Predictions, string? Checkpoint, DataRoot? Root,
        (LocalizationMethod? Method, string Reason) Chosen, MethodOptions MethodOptions, Option<string?> Saliency, Option<bool> Ogl, Option<string?> OglTorchvision, Option<bool> AllowMissing,
        Option<int> Batch, Option<int?> Threads, Option<int?> ImageSize, Option<double?> AudioSeconds, Option<string> Device)
    {
        /// <summary>A localizer the caller already opened for this method (it keeps it); null: opened and closed here.</summary>
        public IPairLocalizer? Localizer { get; init; }
    }

    /// <summary>The entries scored (present files) and their results.</summary>
    internal sealed record ScoredEntries(List<BenchmarkEntry> Entries, IReadOnlyList<SampleResult> Results);

    /// <summary>
    /// The method of a run: the checkpoint's (given or recognised), or for saved maps the one named with --method
    /// (its OGL rules), or none (the official validate_lvs rules).
    /// </summary>
    internal static (LocalizationMethod? Method, string Reason) ChooseMethod(string name, string? checkpoint, string? predictions)
    {
        if (checkpoint is not null)
        {
            return MethodRegistry.Resolve(name, checkpoint);
        }
        return name == MethodRegistry.Auto ? (null, "saved maps") : (MethodRegistry.Get(name), "given with --method");
    }

    /// <summary>Scores one shard of a benchmark with saved maps or a method's model: evaluate's machinery, shared with compare.</summary>
    internal static ScoredEntries Score(ScoreRequest q, out List<string> notes)
    {
        var parse = q.Parse;
        var preset = q.Preset;
        var root = q.Root;
        var oglOn = parse.GetValue(q.Ogl) || parse.GetValue(q.OglTorchvision) is not null;
        if (oglOn && parse.GetValue(q.Saliency) is not null)
        {
            throw new InputException("--ogl", "give either --ogl (saliency computed here) or --ogl-saliency DIR (saved saliency maps), not both");
        }
        if (oglOn && root is null)
        {
            throw new InputException("--ogl", "needs --data-root (the pictures whose object saliency is computed)");
        }
        var method = q.Chosen.Method;
        if (q.Checkpoint is not null && method is { HasModel: false })
        {
            throw new InputException(q.Checkpoint, $"{method.Name} has no model: give its maps with --predictions");
        }
        using var network = !oglOn ? null : parse.GetValue(q.OglTorchvision) is { } pth ? ObjectSaliency.FromTorchvision(pth) : ObjectSaliency.FromPackage(parse.GetValue(q.Threads) ?? 0);
        if (network is not null)
        {
            System.Console.Error.WriteLine($"OGL saliency network: {network.Source}");
        }
        var run = new EvaluationRun(preset, root)
        {
            SaliencyFolder = parse.GetValue(q.Saliency),
            SaliencyNetwork = network,
            AllowMissing = parse.GetValue(q.AllowMissing),
            Rules = method?.Rules(preset),
            SavedMapReader = method?.SavedMapReader,
        };
        var entries = q.Predictions is not null ? run.CheckPredictions(q.Entries, q.Predictions) : run.CheckPairs(q.Entries, root!);
        IReadOnlyList<SampleResult> results;
        var label = (q.Spec.IsWhole ? preset.Name : $"{preset.Name} {q.Spec}") + (method is null ? "" : $" {method.Name}");
        // A checkpoint that does not fit its method is reported before any progress output.
        IPairLocalizer? localizer = null;
        if (q.Predictions is null && q.Localizer is null)
        {
            var n = TorchSetup.Configure(parse.GetValue(q.Threads), backend: null);
            var options = method!.Configure(ModelOptions(preset, n, parse.GetValue(q.ImageSize), parse.GetValue(q.AudioSeconds), parse.GetValue(q.Device)!), preset);
            localizer = method.Open(q.Checkpoint!, options, q.MethodOptions, out _);
        }
        using (localizer)
        using (var progress = new ProgressBar($"evaluate {label}", entries.Count))
        {
            var model = q.Localizer ?? localizer;
            results = model is null
                ? run.ScorePredictions(entries, q.Predictions!, n => progress.Advance(n))
                : run.ScoreModel(entries, root!, model, Math.Max(1, parse.GetValue(q.Batch)), k => progress.Advance(k));
        }
        notes = run.Notes;
        return new ScoredEntries(entries, results);
    }

    /// <summary>Saved maps (--predictions) or a model run (--data-root with --checkpoint): exactly one of them.</summary>
    internal static (string? Predictions, string? Checkpoint, DataRoot? Root) Source(ParseResult parse, Option<string?> predictions, Option<string?> dataRoot, Option<string?> checkpoint, string where, string either)
    {
        var predictionFolder = parse.GetValue(predictions);
        var rootFolder = parse.GetValue(dataRoot);
        var checkpointPath = parse.GetValue(checkpoint);
        if ((predictionFolder is null) == (checkpointPath is null))
        {
            throw new InputException(where, either);
        }
        if (checkpointPath is not null && rootFolder is null)
        {
            throw new InputException("--checkpoint", "needs --data-root (where the benchmark's pictures and sounds are)");
        }
        return (predictionFolder, checkpointPath, rootFolder is null ? null : new DataRoot(rootFolder));
    }

    /// <summary>How a checkpoint runs on a benchmark: its preset's upsampling and window, optionally at a reduced input size or window.</summary>
    internal static LocalizerOptions ModelOptions(BenchmarkPreset preset, int threads, int? imageSize, double? audioSeconds, string device) => new()
    {
        Device = device,
        Upsample = preset.Upsample,
        Window = audioSeconds is { } seconds ? preset.Window.Centred(seconds) : preset.Window,
        Threads = threads,
        ImageSize = imageSize ?? OfficialProtocol.ImageSize,
    };

    internal static int Finish(BenchmarkPreset preset, IReadOnlyList<SampleResult> results, DegenerateIouRule rule, string? json, string? report, DataRoot? root, string? predictions, IReadOnlyList<BenchmarkEntry>? entries = null)
    {
        if (results.Count == 0)
        {
            throw new InputException(preset.Name, "no samples to score");
        }
        var summary = EvaluationSummary.Build(preset, results, rule);
        Print(preset, summary);
        if (json is not null)
        {
            EvaluationSummary.Write(json, summary);
            SampleResultCsv.Write(EvaluationSummary.CsvBeside(json), results.OrderBy(r => r.Index));
            System.Console.Error.WriteLine($"wrote {json} and {EvaluationSummary.CsvBeside(json)}");
        }
        if (report is not null)
        {
            var page = new EvaluationReport(preset, rule).Write(report, results.OrderBy(r => r.Index).ToList(), root, predictions, entries);
            System.Console.Error.WriteLine($"wrote {page}");
        }
        return 0;
    }

    private static void Print(BenchmarkPreset preset, JsonObject summary)
    {
        var c = CultureInfo.InvariantCulture;
        string Pct(string key, JsonObject o) => o[key] is { } v ? (v.GetValue<double>() * 100).ToString("0.00", c) : "NaN";
        System.Console.WriteLine($"{preset.Title}: {summary["samples"]} samples");
        System.Console.WriteLine($"  cIoU {Pct("cIoU", summary)}  AUC {Pct("AUC", summary)}  cIoU_adap {Pct("cIoU_adaptive", summary)}  AUC_adap {Pct("AUC_adaptive", summary)}  mIoU {Pct("mIoU", summary)}");
        if (summary.ContainsKey("IIoU"))
        {
            System.Console.WriteLine($"  IIoU {Pct("IIoU", summary)}  IAUC {Pct("IAUC", summary)}  IIoU_adap {Pct("IIoU_adaptive", summary)}  IAUC_adap {Pct("IAUC_adaptive", summary)}");
        }
        if (summary["ogl"] is JsonObject ogl)
        {
            System.Console.WriteLine($"  OGL: cIoU {Pct("cIoU", ogl)}  AUC {Pct("AUC", ogl)}  cIoU_adap {Pct("cIoU_adaptive", ogl)}  AUC_adap {Pct("AUC_adaptive", ogl)}");
        }
        if (summary.ContainsKey("F_measure"))
        {
            System.Console.WriteLine($"  segmentation: mIoU {Pct("seg_mIoU", summary)}  F-measure {Pct("F_measure", summary)}");
        }
        if (summary["degenerate_samples"]!.GetValue<int>() > 0)
        {
            System.Console.WriteLine($"  {summary["degenerate_samples"]} sample(s) with 0/0 IoU (empty box, empty prediction), counted by the '{summary["degenerate_rule"]}' rule");
        }
    }
}
