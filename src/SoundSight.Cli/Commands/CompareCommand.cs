using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Audio;
using SoundSight.Cli.Console;
using SoundSight.Comparison;
using SoundSight.Evaluation;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Methods;
using SoundSight.Protocol;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Commands;

/// <summary>
/// `compare`: several methods' checkpoints on one benchmark, each run as test.py runs it, scored by evaluate's own
/// machinery; the paper-style table (markdown, JSON) and an HTML page with every method's maps on the same pictures.
/// Shards write one manifest per method; `compare --merge OUT` combines them.
/// </summary>
public static class CompareCommand
{
    private const string ManifestName = "methods.json";

    public static Command Create()
    {
        var benchmark = new Option<string?>("--benchmark") { Description = $"Which benchmark: {string.Join("|", BenchmarkPresets.Names)}." };
        var annotations = new Option<string?>("--annotations") { Description = "Annotation file (as evaluate)." };
        var subset = new Option<string?>("--subset") { Description = "vggss/flickr subset list (as evaluate)." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Benchmark pictures and sounds (found by name)." };
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "A method's checkpoint (repeat, one per method); a folder of saved .npy maps is HTF's.", AllowMultipleArgumentsPerToken = true };
        var methods = new Option<string[]>("--method") { Description = $"Each checkpoint's method, in the same order ({string.Join("|", MethodRegistry.Names)}); default auto for all.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder: compare.md, compare.json, index.html, one folder per method.", DefaultValueFactory = _ => "compare-output" };
        var ogl = new Option<bool>("--ogl") { Description = "Also OGL metrics, each method with its validator's saliency rule (offline ImageNet ResNet-18, or --ogl-torchvision)." };
        var oglTorchvision = new Option<string?>("--ogl-torchvision") { Description = "With --ogl: a torchvision resnet18 .pth (the authors' network)." };
        var saliency = new Option<string?>("--ogl-saliency") { Description = "Folder of saved object saliency maps for OGL." };
        var degenerate = new Option<string>("--degenerate") { Description = "0/0 IoU rule: failure (default) or official (as evaluate).", DefaultValueFactory = _ => "failure" };
        degenerate.AcceptOnlyFromAmong("failure", "official");
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Score the entries whose files exist." };
        var shard = new Option<string?>("--shard") { Description = "Score shard i of N (i/N; or JOB_COMPLETION_INDEX/JOB_COMPLETIONS); combine with compare --merge OUT." };
        var merge = new Option<bool>("--merge") { Description = "Combine the shards under --out (each method's manifests) into the table; with --data-root and the checkpoints again, the page gets its maps." };
        var pictures = new Option<int>("--pictures") { Description = "Pictures on the HTML page (each with every method's maps).", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Pairs per model batch.", DefaultValueFactory = _ => 16 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var device = TorchSetup.DeviceOption();
        var momentum = MethodSetup.MomentumOption();
        var imageSize = new Option<int?>("--image-size") { Hidden = true };
        var audioSeconds = new Option<double?>("--audio-seconds") { Hidden = true };

        var command = new Command("compare", "Score several methods' checkpoints on one benchmark as the authors' test.py does, into one paper-style table and a page of maps.")
        {
            benchmark, annotations, subset, dataRoot, checkpoints, methods, output, ogl, oglTorchvision, saliency, degenerate, allowMissing, shard, merge, pictures, batch, threads, device, momentum, imageSize, audioSeconds,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var outFolder = parse.GetValue(output)!;
            var rule = parse.GetValue(degenerate) == "official" ? DegenerateIouRule.Official : DegenerateIouRule.Failure;
            if (parse.GetValue(merge))
            {
                return Merge(outFolder, parse.GetValue(dataRoot), parse.GetValue(pictures), parse, benchmark, annotations, subset, MethodSetup.Options(parse, momentum), threads, device);
            }
            var preset = BenchmarkPresets.Get(parse.GetValue(benchmark) ?? throw new InputException("--benchmark", "is required"));
            var annotationPath = parse.GetValue(annotations) ?? throw new InputException("--annotations", "is required");
            var rootFolder = parse.GetValue(dataRoot) ?? throw new InputException("--data-root", "is required (where the benchmark's pictures and sounds are)");
            var sources = parse.GetValue(checkpoints) ?? [];
            if (sources.Length == 0)
            {
                throw new InputException("--checkpoint", "give at least one checkpoint (one per method)");
            }
            var names = parse.GetValue(methods) ?? [];
            if (names.Length != 0 && names.Length != sources.Length)
            {
                throw new InputException("--method", $"give one --method per --checkpoint ({sources.Length}), or none for auto");
            }
            var set = BenchmarkReader.Read(preset, annotationPath, parse.GetValue(subset));
            var spec = ShardSpec.Resolve(parse.GetValue(shard), Environment.GetEnvironmentVariable);
            var entries = BenchmarkEvaluation.Slice(set.Entries, spec);
            var root = new DataRoot(rootFolder);
            // Every checkpoint is recognised before any scoring: a bad one is reported at once.
            var chosen = sources.Select((s, i) => Choose(names.Length == 0 ? MethodRegistry.Auto : names[i], s)).ToList();
            var labels = Labels(chosen.Select(c => c.Method.Name).ToList());
            for (var i = 0; i < chosen.Count; i++)
            {
                System.Console.WriteLine($"{labels[i]}: {sources[i]} ({SettingFlags.Render(chosen[i].Reason)})");
            }
            var rows = new List<ComparedMethod>();
            var gallery = spec.IsWhole ? new GalleryMaps(preset, root, entries, parse.GetValue(pictures)) : null;
            var threadCount = TorchSetup.Configure(parse.GetValue(threads), backend: null);
            // compare opens each model itself at the official input size and window (--image-size and --audio-seconds are accepted, unused).
            var modelRun = EvaluateCommand.ModelRun(parse, batch, threads, imageSize, audioSeconds, device) with { ImageSize = null, AudioSeconds = null };
            for (var i = 0; i < chosen.Count; i++)
            {
                var (method, reason) = chosen[i];
                var isMaps = !method.HasModel;
                // One model load per method: it scores the benchmark and draws the page's maps.
                using var localizer = isMaps ? null : method.Open(sources[i], method.Configure(modelRun.LocalizerOptions(preset, threadCount), preset), MethodSetup.Options(parse, momentum), out _);
                var folder = Path.Combine(outFolder, labels[i]);
                var json = Path.Combine(folder, $"{preset.Name}.json");
                var request = new EvaluationRequest
                {
                    Benchmark = set,
                    Predictions = isMaps ? sources[i] : null,
                    Checkpoint = isMaps ? null : sources[i],
                    Root = root,
                    Localizer = localizer,
                    Shard = spec,
                    Json = json,
                    OglSaliency = parse.GetValue(saliency),
                    Ogl = parse.GetValue(ogl),
                    OglTorchvision = parse.GetValue(oglTorchvision),
                    AllowMissing = parse.GetValue(allowMissing),
                    DegenerateRule = rule,
                    Method = (method, reason),
                    MethodOptions = MethodSetup.Options(parse, momentum),
                    Model = modelRun,
                };
                var scored = (LocalizationOutcome)BenchmarkEvaluation.Evaluate(request, new ConsoleEvaluationObserver());
                foreach (var note in scored.Notes)
                {
                    System.Console.Error.WriteLine($"note: {labels[i]}: {SettingFlags.Render(note)}");
                }
                if (scored.Metrics is not { } metrics)
                {
                    continue;
                }
                Directory.CreateDirectory(folder);
                EvaluationOutput.Write(json, metrics, scored.Results);
                rows.Add(new ComparedMethod(labels[i], method.Name, method.Title, sources[i], metrics));
                gallery!.Add(labels[i], localizer, isMaps ? sources[i] : null);
            }
            WriteManifest(outFolder, preset, annotationPath, parse.GetValue(subset), labels, chosen.Select(c => c.Method.Name).ToList(), sources);
            if (!spec.IsWhole)
            {
                System.Console.WriteLine($"shard {spec}: {chosen.Count} method(s) -> {Path.GetFullPath(outFolder)} (combine with: soundsight compare --merge --out {outFolder})");
                return 0;
            }
            return Finish(outFolder, preset, rows, gallery!.Pictures());
        }));
        return command;
    }

    private static (LocalizationMethod Method, string Reason) Choose(string name, string source)
    {
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw new InputException(source, "checkpoint not found");
        }
        return MethodRegistry.Resolve(name, source);
    }

    /// <summary>Method names as folder labels, numbered when a method appears more than once.</summary>
    private static List<string> Labels(IReadOnlyList<string> methods) =>
        methods.Select((m, i) => methods.Count(x => x == m) == 1 ? m : $"{m}-{methods.Take(i + 1).Count(x => x == m)}").ToList();

    private static void WriteManifest(string folder, BenchmarkPreset preset, string annotations, string? subset, IReadOnlyList<string> labels, IReadOnlyList<string> methods, IReadOnlyList<string> sources)
    {
        Directory.CreateDirectory(folder);
        var json = new JsonObject
        {
            ["benchmark"] = preset.Name,
            ["annotations"] = Path.GetFullPath(annotations),
            ["subset"] = subset is null ? null : Path.GetFullPath(subset),
            ["methods"] = new JsonArray(labels.Select((l, i) => (JsonNode)new JsonObject { ["label"] = l, ["method"] = methods[i], ["source"] = Path.GetFullPath(sources[i]) }).ToArray()),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, ManifestName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Combines each method's shard manifests under the output folder into the table and page.</summary>
    private static int Merge(string outFolder, string? rootFolder, int pictures, ParseResult parse, Option<string?> benchmark, Option<string?> annotations, Option<string?> subset, MethodOptions methodOptions, Option<int?> threads, Option<string> device)
    {
        var manifestPath = Path.Combine(outFolder, ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new InputException(manifestPath, "no compare manifest here: run compare --shard i/N --out this folder first");
        }
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var preset = BenchmarkPresets.Get(manifest["benchmark"]!.GetValue<string>());
        var rows = new List<ComparedMethod>();
        var chosen = new List<LocalizationMethod>();
        var sources = new List<string>();
        foreach (var m in manifest["methods"]!.AsArray())
        {
            var label = m!["label"]!.GetValue<string>();
            var method = MethodRegistry.Get(m["method"]!.GetValue<string>());
            var (mergedPreset, rule, results, notes) = ShardResults.Merge([Path.Combine(outFolder, label)]);
            foreach (var note in notes)
            {
                System.Console.Error.WriteLine($"note: {label}: {note}");
            }
            var metrics = EvaluationMetrics.Compute(mergedPreset, results, rule);
            EvaluationOutput.Write(Path.Combine(outFolder, label, $"{preset.Name}.json"), metrics, results);
            rows.Add(new ComparedMethod(label, method.Name, method.Title, m["source"]!.GetValue<string>(), metrics));
            chosen.Add(method);
            sources.Add(m["source"]!.GetValue<string>());
        }
        if (rootFolder is null)
        {
            return Finish(outFolder, preset, rows, []);
        }
        var entries = BenchmarkReader.Read(preset, manifest["annotations"]!.GetValue<string>(), manifest["subset"]?.GetValue<string>()).Entries;
        var gallery = new GalleryMaps(preset, new DataRoot(rootFolder), entries, pictures);
        var threadCount = TorchSetup.Configure(parse.GetValue(threads), backend: null);
        for (var i = 0; i < chosen.Count; i++)
        {
            using var localizer = chosen[i].HasModel ? chosen[i].Open(sources[i], chosen[i].Configure(new ModelRunSettings { Device = parse.GetValue(device)! }.LocalizerOptions(preset, threadCount), preset), methodOptions, out _) : null;
            gallery.Add(rows[i].Label, localizer, chosen[i].HasModel ? null : sources[i]);
        }
        return Finish(outFolder, preset, rows, gallery.Pictures());
    }

    private static int Finish(string outFolder, BenchmarkPreset preset, List<ComparedMethod> rows, IReadOnlyList<ComparisonPage.Picture> gallery)
    {
        System.Console.WriteLine($"{preset.Title}: {rows.Count} method(s)");
        System.Console.Write(ComparisonTable.Markdown(preset, rows));
        var (md, json) = ComparisonTable.Write(outFolder, preset, rows);
        var page = new ComparisonPage().Write(outFolder, preset, rows, gallery);
        System.Console.Error.WriteLine($"wrote {md}, {json} and {page}");
        return 0;
    }

    /// <summary>The page's pictures, each method's maps added as its model is open (HTF's from its saved maps).</summary>
    private sealed class GalleryMaps
    {
        private readonly BenchmarkPreset _preset;
        private readonly IReadOnlyList<(string Picture, IReadOnlyList<BenchmarkEntry> Entries)> _picked;
        private readonly List<RgbImage> _images;
        private readonly List<List<AudioClip>> _sounds;
        private readonly List<Dictionary<string, IReadOnlyList<float[]>>> _maps;

        public GalleryMaps(BenchmarkPreset preset, DataRoot root, IReadOnlyList<BenchmarkEntry> entries, int count)
        {
            _preset = preset;
            _picked = GalleryPicker.Pick(entries.Where(e => root.Find(e.ImageCandidates) is not null && root.Find(e.AudioCandidates) is not null).ToList(), preset.Interactive, count);
            var decoder = new ImageDecoder();
            _images = _picked.Select(p => decoder.Decode(root.Find(p.Entries[0].ImageCandidates)!)).ToList();
            _sounds = _picked.Select(p => p.Entries.Select(e => AudioLoader.Load(root.Find(e.AudioCandidates)!)).ToList()).ToList();
            _maps = _picked.Select(_ => new Dictionary<string, IReadOnlyList<float[]>>(StringComparer.Ordinal)).ToList();
        }

        public void Add(string label, IPairLocalizer? localizer, string? savedMaps)
        {
            for (var p = 0; p < _picked.Count; p++)
            {
                if (localizer is not null)
                {
                    _maps[p][label] = localizer.Localize(_images[p], _sounds[p]).Select(r => r.EvaluationMap).ToList();
                }
                else if (savedMaps is not null)
                {
                    var loader = new PredictionLoader(savedMaps, _preset);
                    _maps[p][label] = _picked[p].Entries.Select(e => loader.Exists(e) ? loader.LoadRaw(e).Values.Select(v => (float)v).ToArray() : new float[BenchmarkPresets.MapSize * BenchmarkPresets.MapSize]).ToList();
                }
            }
        }

        public IReadOnlyList<ComparisonPage.Picture> Pictures() =>
            _picked.Select((p, i) => new ComparisonPage.Picture(p.Picture, _images[i], p.Entries.Select(e => e.Name).ToList(), _maps[i])).ToList();
    }
}
