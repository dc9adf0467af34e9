using System.CommandLine;
using SoundSight.Checkpoints;
using SoundSight.Cli.Console;
using SoundSight.Data;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Methods;
using SoundSight.Models;
using SoundSight.Retrieval;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Commands;

/// <summary>
/// `retrieve`: cross-modal retrieval. R@1/5/10 both ways in both spaces over a benchmark or a manifest, or an
/// ad-hoc query (the pictures of a folder ranked for a sound, the sounds of a folder for a picture).
/// </summary>
public static class RetrieveCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"];
    private static readonly string[] SoundExtensions = [".wav", ".flac", ".mp3", ".ogg", ".m4a", ".aac", ".opus"];

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint (with img_proj/aud_proj for the projection space).", Required = true };
        var benchmark = new Option<string?>("--benchmark") { Description = $"Score a benchmark: {string.Join("|", BenchmarkPresets.Names)} (with --annotations and --data-root)." };
        var annotations = new Option<string?>("--annotations") { Description = "The benchmark's annotation file." };
        var dataRoot = new Option<string?>("--data-root") { Description = "The benchmark's pictures and sounds (found by name)." };
        var subset = new Option<string?>("--subset") { Description = "vggss: clip list; flickr: id list (as for evaluate)." };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Score the pairs whose files exist (and say which are missing) instead of stopping." };
        var manifest = new Option<string?>("--manifest") { Description = "Score a training manifest (CSV image,audio[,class] or JSONL) or a VGGSound-style folder." };
        var images = new Option<string?>("--images") { Description = "Ad-hoc: folder of pictures to rank for --query-audio." };
        var queryAudio = new Option<string?>("--query-audio") { Description = "Ad-hoc: the sound to find pictures for." };
        var sounds = new Option<string?>("--sounds") { Description = "Ad-hoc: folder of sounds to rank for --query-image." };
        var queryImage = new Option<string?>("--query-image") { Description = "Ad-hoc: the picture to find sounds for." };
        var topOption = new Option<int>("--top") { Description = "Ad-hoc: how many results to show.", DefaultValueFactory = _ => 10 };
        var spaceOption = new Option<string?>("--space") { Description = "Ad-hoc: projection (s_A, default when the checkpoint has it) or raw." };
        spaceOption.AcceptOnlyFromAmong("projection", "raw");
        var output = new Option<string?>("--out") { Description = "Ad-hoc: folder for index.html, contact_sheet.png and the overlays (default: retrieval-<query name>)." };
        var json = new Option<string?>("--json") { Description = "Write all numbers (or the ranking) as JSON here." };
        var cache = new Option<string?>("--cache") { Description = "Embedding cache file: files already embedded by this checkpoint are not embedded again." };
        var batch = new Option<int>("--batch") { Description = "Files per model batch.", DefaultValueFactory = _ => 16 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var device = TorchSetup.DeviceOption();

        var method = MethodSetup.MethodOption();
        var command = new Command("retrieve", "Cross-modal retrieval: R@1/5/10 audio->image and image->audio (projection and raw spaces) on a benchmark or manifest, or rank a folder for one sound or picture.")
        {
            checkpoint, benchmark, annotations, dataRoot, subset, allowMissing, manifest, images, queryAudio, sounds, queryImage, topOption, spaceOption, output, json, cache, batch, threads, device, method,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var modes = new[] { parse.GetValue(benchmark) is not null, parse.GetValue(manifest) is not null, parse.GetValue(images) is not null || parse.GetValue(queryAudio) is not null, parse.GetValue(sounds) is not null || parse.GetValue(queryImage) is not null };
            if (modes.Count(m => m) != 1)
            {
                throw new InputException("retrieve", "give one of: --benchmark B --annotations A --data-root D; --manifest M; --images DIR --query-audio X; --sounds DIR --query-image X");
            }
            var checkpointPath = parse.GetValue(checkpoint)!;
            if (!File.Exists(checkpointPath))
            {
                throw new InputException(checkpointPath, "checkpoint not found");
            }
            var preset = parse.GetValue(benchmark) is { } name ? BenchmarkPresets.Get(name) : null;

            // Every input is checked before the model loads, so that a mistake costs no time.
            var adHocSound = modes[2];
            var adHocImage = modes[3];
            string? query = null;
            List<string> gallery = [];
            string label;
            List<Pair> pairs = [];
            if (adHocSound)
            {
                var folder = parse.GetValue(images) ?? throw new InputException("--query-audio", "needs --images DIR (the pictures to rank)");
                query = parse.GetValue(queryAudio) ?? throw new InputException("--images", "needs --query-audio FILE (the sound to find)");
                gallery = FilesIn(folder, ImageExtensions, "pictures");
                label = "pictures";
            }
            else if (adHocImage)
            {
                var folder = parse.GetValue(sounds) ?? throw new InputException("--query-image", "needs --sounds DIR (the sounds to rank)");
                query = parse.GetValue(queryImage) ?? throw new InputException("--sounds", "needs --query-image FILE (the picture to find sounds for)");
                gallery = FilesIn(folder, SoundExtensions, "sounds");
                label = "sounds";
            }
            else
            {
                (label, pairs) = preset is not null
                    ? BenchmarkPairs(preset, parse.GetValue(annotations), parse.GetValue(dataRoot), parse.GetValue(subset), parse.GetValue(allowMissing))
                    : ManifestPairs(parse.GetValue(manifest)!);
                if (pairs.Count == 0)
                {
                    throw new InputException(label, "no pairs to retrieve");
                }
            }
            if (query is not null && !File.Exists(query))
            {
                throw new InputException(query, $"{(adHocSound ? "sound" : "picture")} file not found");
            }
            var top = parse.GetValue(topOption);
            if (top < 1)
            {
                throw new InputException("--top", "must be at least 1");
            }

            var n = TorchSetup.Configure(parse.GetValue(threads), backend: null);
            var options = new LocalizerOptions { Threads = n, Device = parse.GetValue(device)!, Window = preset?.Window ?? Audio.AudioWindow.Official, Upsample = preset?.Upsample ?? UpsampleMode.AlignCorners };
            var cachePath = parse.GetValue(cache);
            var fingerprint = EmbeddingCache.ModelFingerprint(checkpointPath, $"{options.ImageSize}|{options.Window.StartSeconds}|{options.Window.EndSeconds}|{options.Window.ClipSeconds}|{options.ApplyExifOrientation}");
            var store = cachePath is null ? new EmbeddingCache(fingerprint) : EmbeddingCache.Load(cachePath, fingerprint);
            if (store.Note is not null)
            {
                System.Console.Error.WriteLine($"note: {store.Note}");
            }
            // The space is checked once the weights are read, before the encoders are built (the slow part).
            var (chosen, reason) = MethodRegistry.Resolve(parse.GetValue(method), checkpointPath);
            if (chosen is not Methods.Ours.AvenetMethod avenet)
            {
                throw new InputException(checkpointPath, $"{chosen.Name} ({reason}) has no global picture and sound embeddings in its official code: retrieve runs the AVENet methods (ours, lvs, ssltie)");
            }
            var model = new SoundLocalizationModel(ParameterInit.Loaded);
            RetrievalSpace space;
            try
            {
                CheckpointLoader.Load(model, checkpointPath, SoundLocalizationModel.ProjectionPrefixes);
                space = ResolveSpace(parse.GetValue(spaceOption), model.HasProjections);
            }
            catch
            {
                model.Dispose();
                throw;
            }
            using var localizer = (Localizer)avenet.Wrap(model, avenet.Configure(options, preset));
            var extractor = new EmbeddingExtractor(localizer, store, parse.GetValue(batch));

            EmbeddingTable Embed(IReadOnlyList<string> pictures, IReadOnlyList<string> clips)
            {
                var pending = extractor.Pending(pictures, clips);
                EmbeddingTable table;
                using (var progress = new ProgressBar($"embed {label}", pending))
                {
                    table = extractor.Embed(pictures, clips, k => progress.Advance(k));
                }
                if (cachePath is not null && pending > 0)
                {
                    store.Save(cachePath);
                    System.Console.Error.WriteLine($"cached {store.Count} embeddings in {cachePath}");
                }
                // Encoders ran on ONNX Runtime's threads; the similarity blocks are libtorch matmuls.
                TorchSharp.torch.set_num_threads(n);
                return table;
            }

            if (query is not null)
            {
                using var table = adHocSound ? Embed(gallery, [query]) : Embed([query], gallery);
                return Query(localizer, table, adHocSound, query, gallery, top, space, parse.GetValue(output), parse.GetValue(json));
            }
            using (var table = Embed(pairs.Select(p => p.Image).ToList(), pairs.Select(p => p.Audio).ToList()))
            {
                var classes = pairs.All(p => p.Class is not null) ? pairs.Select(p => p.Class).ToList() : null;
                var scores = RetrievalScores.Compute(table, classes, RetrievalMetrics.PaperKs);
                var protocol = scores.ByClass ? $"a hit is a top-K item of the query's class ({scores.Classes} classes)" : "no classes: a hit is the query's own pair";
                System.Console.WriteLine($"{label}: {scores.Samples} pairs; {protocol}");
                if (!localizer.Model.HasProjections)
                {
                    System.Console.WriteLine("  (this checkpoint has no projection heads: raw space only)");
                }
                System.Console.WriteLine(scores.Table());
                if (parse.GetValue(json) is { } jsonPath)
                {
                    scores.WriteJson(jsonPath);
                    System.Console.Error.WriteLine($"wrote {jsonPath}");
                }
            }
            return 0;
        }));
        return command;
    }

    private sealed record Pair(string Image, string Audio, string? Class);

    private static (string Label, List<Pair> Pairs) BenchmarkPairs(BenchmarkPreset preset, string? annotations, string? dataRoot, string? subset, bool allowMissing)
    {
        if (annotations is null || dataRoot is null)
        {
            throw new InputException("--benchmark", "needs --annotations FILE and --data-root DIR");
        }
        var set = BenchmarkReader.Read(preset, annotations, subset);
        foreach (var note in set.Notes)
        {
            System.Console.Error.WriteLine($"note: {SettingFlags.Render(note)}");
        }
        var (pairs, notes) = BenchmarkPairFinder.Find(set, new DataRoot(dataRoot), allowMissing);
        foreach (var note in notes)
        {
            System.Console.Error.WriteLine($"note: {SettingFlags.Render(note)}");
        }
        return (preset.Title, pairs.Select(p => new Pair(p.Image, p.Audio, p.Class)).ToList());
    }

    private static (string Label, List<Pair> Pairs) ManifestPairs(string manifest)
    {
        var items = TrainingSet.Load(manifest);
        return (Path.GetFileName(Path.TrimEndingDirectorySeparator(manifest)), items.Select(i => new Pair(i.ImagePath, i.AudioPath, i.Class)).ToList());
    }

    private static RetrievalSpace ResolveSpace(string? name, bool hasProjections) => name switch
    {
        "raw" => RetrievalSpace.Raw,
        "projection" when !hasProjections => throw new InputException("--space", "this checkpoint has no projection heads (img_proj/aud_proj); use --space raw"),
        "projection" => RetrievalSpace.Projection,
        _ => hasProjections ? RetrievalSpace.Projection : RetrievalSpace.Raw,
    };

    private static int Query(Localizer localizer, EmbeddingTable table, bool isSound, string query, IReadOnlyList<string> gallery, int top, RetrievalSpace space, string? output, string? json)
    {
        var queryEmbedding = isSound ? table.Sounds(space)! : table.Images(space)!;
        var galleryEmbeddings = isSound ? table.Images(space)! : table.Sounds(space)!;
        var ranked = QueryRanking.Rank(queryEmbedding, galleryEmbeddings, gallery, top);
        var spaceLabel = RetrievalScores.SpaceName(space);
        System.Console.WriteLine($"{(isSound ? "pictures" : "sounds")} ranked for {query} ({spaceLabel} space, {gallery.Count} candidates)");
        System.Console.WriteLine($"{"rank",4}  {"similarity",10}  file");
        foreach (var r in ranked)
        {
            System.Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Rank,4}  {r.Score,10:0.0000}  {r.Path}"));
        }
        var folder = output ?? $"retrieval-{Path.GetFileNameWithoutExtension(query)}";
        var report = new QueryReport(localizer);
        var page = isSound ? report.WriteForSound(folder, query, ranked, spaceLabel) : report.WriteForImage(folder, query, ranked, spaceLabel);
        System.Console.Error.WriteLine($"wrote {page} and {Path.Combine(folder, "contact_sheet.png")}");
        if (json is not null)
        {
            var o = new System.Text.Json.Nodes.JsonObject
            {
                ["query"] = Path.GetFullPath(query),
                ["space"] = spaceLabel,
                ["candidates"] = gallery.Count,
                ["results"] = new System.Text.Json.Nodes.JsonArray(ranked.Select(r => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["rank"] = r.Rank, ["score"] = r.Score, ["file"] = r.Path }).ToArray()),
            };
            AtomicFile.WriteAllText(json, o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        return 0;
    }

    private static List<string> FilesIn(string folder, string[] extensions, string what)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException(folder, "folder not found");
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new InputException(folder, $"no {what} here ({string.Join(" ", extensions)})");
    }
}
