using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Checkpoints;
using SoundSight.Data;
using SoundSight.Data.Compose;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using SoundSight.Retrieval;
using SoundSight.Training;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Demo;

/// <summary>How the demo reports where it is (the CLI draws progress bars from it).</summary>
public interface IDemoObserver
{
    /// <summary>A stage starts; <paramref name="total"/> units of work follow (0: unknown).</summary>
    void Stage(string name, long total);

    void Advance(long units, string? detail = null);

    void Note(string line);
}

/// <summary>
/// The alignment model after <paramref name="Minutes"/> of training: its held-out scores (for the report's curve;
/// null for the last slice, which is scored with the final models), its interactive validation scores (what the
/// stopping point is chosen on) and the checkpoint kept for that point.
/// </summary>
public sealed record QualityPoint(double Minutes, int Steps, JsonObject? Evaluation, JsonObject? Validation = null, string? Checkpoint = null);

/// <summary>The model the demo hands to `localize`, and why: the highest IIoU on the interactive validation set.</summary>
public sealed record DemoSelection(string Model, string Checkpoint, int Steps, double ValidationIIoU, string Reason);

/// <summary>What one model scored on the held-out interactive set.</summary>
public sealed record DemoModelResult(string Name, string Checkpoint, JsonObject Evaluation, IReadOnlyList<SampleResult> Samples, IReadOnlyDictionary<string, double>? Retrieval);

/// <summary>
/// The embedded default end to end: compose scenes from the asset kit, mine neighbours (ImageNet pictures,
/// spectrum sounds, drawn as <see cref="DemoSettings.NeighbourMining"/> says, with their precision), train the
/// alignment method on a frozen ImageNet vision encoder within a time budget in slices, each slice's model scored on
/// an interactive validation set, train the EZ-VSL baseline for the same number of steps, choose the stopping point
/// and the model handed to `localize` on the validation set alone, score every model on the held-out IS3-style set
/// with the official metrics, and write report.html and results.json. Finished stages are kept: a rerun of the same
/// settings into the same folder skips them.
/// </summary>
public sealed class DemoPipeline
{
    private readonly DemoSettings _settings;
    private readonly string _output;
    private readonly IDemoObserver _observer;

    public DemoPipeline(DemoSettings settings, string output, IDemoObserver observer)
    {
        _settings = settings;
        _output = Path.GetFullPath(output);
        _observer = observer;
    }

    public string DataFolder => Path.Combine(_output, "data");

    public string TrainedCheckpoint => Path.Combine(_output, "runs", "alignment", "last.safetensors");

    /// <summary>The checkpoint chosen for `localize` by the last <see cref="Run"/> (on validation data).</summary>
    public DemoSelection? Selection { get; private set; }

    public JsonObject Run(CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(_output);
        Compose(cancel);
        var neighbours = MineNeighbours(allMinings: false);
        var (alignment, curve) = TrainAlignment(neighbours, cancel);
        var steps = ReadSteps(alignment);
        var ezvsl = Path.Combine(_output, "runs", "ezvsl");
        if (!File.Exists(Path.Combine(ezvsl, DoneMarker)))
        {
            Train("ezvsl", null, steps, TimeSpan.FromHours(10), cancel);
            AtomicFile.WriteAllText(Path.Combine(ezvsl, DoneMarker), "{}");
        }
        var untrained = WriteUntrained();
        var ezvslCheckpoint = Path.Combine(ezvsl, "last.safetensors");
        var ezvslValidation = ScoreValidation("ezvsl", ezvslCheckpoint);

        // The stopping point: the slice whose model separates the validation scenes' sounds best (IIoU, then cIoU),
        // the later one on a tie. The held-out set plays no part in it.
        var chosen = curve.Where(p => p.Validation is not null && p.Checkpoint is not null)
            .OrderByDescending(p => Metric(p.Validation!, "IIoU")).ThenByDescending(p => Metric(p.Validation!, "cIoU")).ThenByDescending(p => p.Steps)
            .First();
        var results = new List<DemoModelResult>
        {
            Score("trained", chosen.Checkpoint!),
            Score("untrained", untrained),
            Score("ezvsl", ezvslCheckpoint),
        };
        var curveOnTest = curve.Select(p => p.Evaluation is null ? p with { Evaluation = ReferenceEquals(p, chosen) ? results[0].Evaluation : Score($"after {p.Minutes:0.0} min", p.Checkpoint!, retrieval: false).Evaluation } : p).ToList();
        curveOnTest.Insert(0, new QualityPoint(0, 0, results[1].Evaluation));
        Selection = Metric(ezvslValidation, "IIoU") > Metric(chosen.Validation!, "IIoU")
            ? new DemoSelection("ezvsl", ezvslCheckpoint, steps, Metric(ezvslValidation, "IIoU"),
                string.Create(CultureInfo.InvariantCulture, $"EZ-VSL's validation IIoU {100 * Metric(ezvslValidation, "IIoU"):0.0} is above the alignment model's best ({100 * Metric(chosen.Validation!, "IIoU"):0.0}, step {chosen.Steps})"))
            : new DemoSelection("trained", chosen.Checkpoint!, chosen.Steps, Metric(chosen.Validation!, "IIoU"),
                string.Create(CultureInfo.InvariantCulture, $"the alignment model at step {chosen.Steps} has the best validation IIoU ({100 * Metric(chosen.Validation!, "IIoU"):0.0}; EZ-VSL {100 * Metric(ezvslValidation, "IIoU"):0.0})"));
        // The selected model with the official map too, so the report shows what the reading is worth.
        var officialReading = Reading == MapReading.Official ? null
            : Score("selected, official map", Selection.Checkpoint, Path.Combine(DataFolder, "test"), retrieval: false, MapReading.Official).Evaluation;
        var table = NeighbourTable.Load(neighbours);
        var json = new JsonObject
        {
            ["trained"] = results[0].Evaluation.DeepClone(),
            ["untrained"] = results[1].Evaluation.DeepClone(),
            ["ezvsl"] = results[2].Evaluation.DeepClone(),
            ["retrieval"] = new JsonObject(results.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)new JsonObject(r.Retrieval!.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)))))),
            ["validation"] = new JsonObject
            {
                ["trained"] = chosen.Validation!.DeepClone(),
                ["ezvsl"] = ezvslValidation.DeepClone(),
            },
            ["selected"] = new JsonObject
            {
                ["model"] = Selection.Model,
                ["steps"] = Selection.Steps,
                ["checkpoint"] = Selection.Checkpoint,
                ["validation_IIoU"] = Selection.ValidationIIoU,
                ["reason"] = Selection.Reason,
            },
            ["neighbours"] = new JsonObject
            {
                ["mining"] = table.Mining,
                ["top_k"] = _settings.NeighbourTopK,
                ["quality"] = table.Quality is null ? null : JsonSerializer.SerializeToNode(table.Quality),
            },
            ["maps"] = Reading.Name,
            ["selected_official_map"] = officialReading?.DeepClone(),
            ["training_steps"] = steps,
            ["trained_steps"] = chosen.Steps,
            ["plain_threshold_ceiling"] = Ceiling(),
            ["quality_vs_training_minutes"] = new JsonArray(curveOnTest.Select(p => (JsonNode)new JsonObject
            {
                ["minutes"] = Math.Round(p.Minutes, 3),
                ["steps"] = p.Steps,
                ["cIoU"] = p.Evaluation!["cIoU"]!.DeepClone(),
                ["IIoU"] = p.Evaluation["IIoU"]!.DeepClone(),
                ["cIoU_adaptive"] = p.Evaluation["cIoU_adaptive"]!.DeepClone(),
                ["IIoU_adaptive"] = p.Evaluation["IIoU_adaptive"]!.DeepClone(),
                ["validation_IIoU"] = p.Validation?["IIoU"]?.DeepClone(),
                ["validation_cIoU"] = p.Validation?["cIoU"]?.DeepClone(),
            }).ToArray()),
            ["settings"] = JsonSerializer.SerializeToNode(_settings with { TrainingBudget = _settings.TrainingBudget }),
            ["minutes"] = Math.Round(clock.Elapsed.TotalMinutes, 2),
        };
        var (outOfDistribution, outOfDistributionRoot) = ScoreOutOfDistribution([("trained", chosen.Checkpoint!), ("ezvsl", ezvslCheckpoint)], cancel);
        json["out_of_distribution"] = outOfDistribution;
        json["out_of_distribution_ceiling"] = Ceiling(outOfDistributionRoot);
        AtomicFile.WriteAllText(Path.Combine(_output, "results.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        _observer.Stage("report", 0);
        new DemoReport(_settings, _output).Write(results, steps, clock.Elapsed, curveOnTest, json["plain_threshold_ceiling"]!.AsObject(), json);
        return json;
    }

    private static double Metric(JsonObject evaluation, string key) => evaluation[key]!.GetValue<double>();

    /// <summary>
    /// The demo's data without its training: the composed scenes (train, val, held-out test) and the mined
    /// neighbours, kept when already there. `study` trains its grid on exactly these.
    /// </summary>
    public (string Data, string Neighbours) PrepareData(CancellationToken cancel = default)
    {
        Directory.CreateDirectory(_output);
        Compose(cancel);
        return (DataFolder, MineNeighbours(allMinings: true));
    }

    private void Compose(CancellationToken cancel)
    {
        var options = new ComposeOptions
        {
            ImageSize = _settings.ImageSize,
            TrainScenes = _settings.TrainScenes,
            ValidationScenes = _settings.ValidationScenes,
            TestScenes = _settings.TestScenes,
            InteractiveValidationScenes = _settings.InteractiveValidationScenes,
            TestMinObjectSide = _settings.TestMinObjectSide,
            TestMaxObjectSide = _settings.TestMaxObjectSide,
            Seed = _settings.Seed,
            Threads = _settings.Threads,
        };
        var stamp = Path.Combine(_output, "data.settings.json");
        var wanted = JsonSerializer.Serialize(options);
        if (Directory.Exists(DataFolder) && File.Exists(stamp) && File.ReadAllText(stamp) == wanted)
        {
            _observer.Note($"data: kept {DataFolder} (same settings)");
            return;
        }
        var composer = new DatasetComposer(AssetKit.Load(AssetKit.EmbeddedPath), options);
        _observer.Stage("compose scenes", composer.TotalScenes);
        var summary = composer.Write(DataFolder, overwrite: true, new Progress(_observer), cancel);
        AtomicFile.WriteAllText(stamp, wanted);
        _observer.Note($"data: {summary.Splits.Sum(s => s.Value.Scenes)} scenes; sounding objects cover {summary.MeanSoundingBoxShare:P1} of the picture on average (IS3: 32.8%)");
    }

    /// <summary>
    /// The demo's neighbour file (data/neighbours-&lt;mining&gt;.json, with its precision), mined when missing; with
    /// <paramref name="allMinings"/> (what `study` trains on) every <see cref="NeighbourMining"/>'s file too, from one
    /// embedding pass. The demo alone mines its own: through the sound it needs no picture embeddings, which took
    /// most of this stage (2000 pictures through the ImageNet network, about 40 s on 2 cores).
    /// </summary>
    private string MineNeighbours(bool allMinings)
    {
        string PathOf(string mining) => Path.Combine(DataFolder, $"neighbours-{mining}.json");
        var minings = allMinings ? NeighbourMining.All : [_settings.NeighbourMining];
        if (minings.All(m => File.Exists(PathOf(m))))
        {
            return PathOf(_settings.NeighbourMining);
        }
        var pictures = minings.Any(m => m != NeighbourMining.ThroughAudio);
        var items = TrainingSet.Load(Path.Combine(DataFolder, "train", "manifest.csv"));
        _observer.Stage(pictures ? "mine neighbours (ImageNet pictures, spectrum sounds)" : "mine neighbours (spectrum sounds)", items.Count);
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, _settings.Seed);
        using var imageNet = pictures ? new ImageNetFeatureExtractor(ImageNetModelFiles.Locate(), _settings.Threads ?? 0) : null;
        var window = Audio.AudioWindow.Official.Centred(_settings.AudioSeconds);
        var (images, sounds) = new NeighbourMiner(model, _settings.ImageSize, window, imageNet, spectrumAudio: true).Embed(items, new Progress(_observer), pictures: pictures);
        using (images)
        using (sounds)
        {
            // The demo's own mining is written last, so its file existing means the others do too.
            foreach (var mining in minings.OrderBy(m => m == _settings.NeighbourMining))
            {
                var table = NeighbourMiner.Mine(items, images, sounds, _settings.NeighbourTopK, mining);
                table.Save(PathOf(mining));
                _observer.Note($"neighbours ({mining}{(mining == _settings.NeighbourMining ? ", the demo's" : "")}): {table.Quality!.Describe()}");
            }
        }
        return PathOf(_settings.NeighbourMining);
    }

    /// <summary>The recipe the demo trains <paramref name="method"/> with (alignment or ezvsl) on its data.</summary>
    public TrainingRecipe Recipe(string method, string? neighbours, int maxSteps) => new()
    {
        Method = method,
        Train = Path.Combine(DataFolder, "train", "manifest.csv"),
        Validation = Path.Combine(DataFolder, "val", "manifest.csv"),
        Neighbours = neighbours,
        NeighbourView = neighbours is not null,
        AugmentedView = method == "alignment",
        NeighbourTopK = _settings.NeighbourTopK,
        ImageSize = _settings.ImageSize,
        AudioSeconds = _settings.AudioSeconds,
        BatchSize = _settings.BatchSize,
        Epochs = 1000,
        MaxSteps = maxSteps,
        LearningRate = _settings.LearningRate,
        Seed = _settings.Seed,
        Threads = _settings.Threads,
        Precision = _settings.TrainingPrecision,
        VisionInit = VisionInitialization.ImageNet,
        AudioInit = _settings.AudioInit,
        FreezeVision = true,
        DistinctClassesPerBatch = true,
        CheckpointEverySteps = 25,
    };

    private const string DoneMarker = "demo-done.json";

    /// <summary>
    /// The alignment run in <see cref="DemoSettings.QualityPoints"/> slices of the budget, each resuming the last;
    /// after each slice the model is kept and scored on the interactive validation set (the stopping rule's data)
    /// and, between slices, on the held-out set (the report's quality curve, never used to choose).
    /// </summary>
    private (string Run, List<QualityPoint> Curve) TrainAlignment(string neighbours, CancellationToken cancel)
    {
        var run = Path.Combine(_output, "runs", "alignment");
        var pointsPath = Path.Combine(run, "quality-points.json");
        if (File.Exists(Path.Combine(run, DoneMarker)))
        {
            _observer.Note($"alignment: kept the finished run in {run}");
            return (run, JsonSerializer.Deserialize<List<QualityPoint>>(File.ReadAllText(pointsPath)) ?? []);
        }
        var points = new List<QualityPoint>();
        var slices = Math.Max(1, _settings.QualityPoints);
        var minutes = 0.0;
        for (var k = 1; k <= slices; k++)
        {
            var clock = Stopwatch.StartNew();
            Train("alignment", neighbours, _settings.MaxSteps, _settings.TrainingBudget / slices, cancel);
            minutes += clock.Elapsed.TotalMinutes;
            var steps = ReadSteps(run);
            var kept = Path.Combine(run, $"step-{steps}.safetensors");
            AtomicFile.WriteAllBytes(kept, File.ReadAllBytes(Path.Combine(run, "last.safetensors")));
            var validation = ScoreValidation($"after {minutes:0.0} min", kept);
            var test = k < slices ? Score($"after {minutes:0.0} min", kept, retrieval: false).Evaluation : null;
            points.Add(new QualityPoint(minutes, steps, test, validation, kept));
        }
        AtomicFile.WriteAllText(pointsPath, JsonSerializer.Serialize(points));
        AtomicFile.WriteAllText(Path.Combine(run, DoneMarker), "{}");
        return (run, points);
    }

    private string Train(string method, string? neighbours, int maxSteps, TimeSpan budget, CancellationToken cancel)
    {
        var run = Path.Combine(_output, "runs", method);
        var recipe = Recipe(method, neighbours, maxSteps);
        AtomicFile.WriteAllText(Path.Combine(_output, $"{method}.recipe.json"), recipe.ToJson());
        using var budgetEnd = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        budgetEnd.CancelAfter(budget);
        _observer.Stage($"train {method} ({(budget.TotalHours >= 1 ? $"{maxSteps} steps" : $"{budget.TotalMinutes:0.#} min or {maxSteps} steps")})", maxSteps);
        var progress = new TrainingStageObserver(_observer);
        new Trainer(recipe, run).Run(progress, budgetEnd.Token);
        cancel.ThrowIfCancellationRequested();
        return run;
    }

    private static int ReadSteps(string run)
    {
        var metrics = Path.Combine(run, "metrics.jsonl");
        var steps = 0;
        foreach (var line in File.ReadLines(metrics))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("loss", out _))
            {
                steps = Math.Max(steps, doc.RootElement.GetProperty("step").GetInt32());
            }
        }
        return Math.Max(1, steps);
    }

    /// <summary>The starting point both methods share: ImageNet vision encoder, the initial audio encoder, untrained heads.</summary>
    private string WriteUntrained()
    {
        var path = Path.Combine(_output, "runs", "untrained.safetensors");
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, _settings.Seed);
        VisionInitialization.Apply(model.VisionEncoder, VisionInitialization.ImageNet);
        AudioInitialization.Apply(model.AudioEncoder, _settings.AudioInit);
        CheckpointWriter.Save(model, path);
        return path;
    }

    /// <summary>The best plain cIoU and IIoU any continuous map could score on the held-out set (<see cref="PlainThresholdCeiling"/>).</summary>
    private JsonObject Ceiling() => Ceiling(Path.Combine(DataFolder, "test"));

    /// <summary>The same for the IS3-layout set at <paramref name="root"/>.</summary>
    private static JsonObject Ceiling(string root)
    {
        var (ciou, iiou, _) = InteractiveScorer.Ceiling(root);
        return new JsonObject { ["cIoU"] = ciou, ["IIoU"] = iiou };
    }

    private DemoModelResult Score(string name, string checkpoint, bool retrieval = true) => Score(name, checkpoint, Path.Combine(DataFolder, "test"), retrieval);

    /// <summary>IS3 metrics on the interactive validation set (validation clips; what the demo chooses on).</summary>
    private JsonObject ScoreValidation(string name, string checkpoint) =>
        Score($"{name} (validation)", checkpoint, Path.Combine(DataFolder, "val-interactive"), retrieval: false).Evaluation;

    private DemoModelResult Score(string name, string checkpoint, string testRoot, bool retrieval, MapReading? reading = null) =>
        Scores.GetOrScore(ScoreKey(checkpoint, testRoot, retrieval, reading ?? Reading), name, checkpoint,
            () => ScoreNow(name, checkpoint, testRoot, retrieval, reading ?? Reading));

    /// <summary>Where a rerun finds what the same checkpoint scored on the same set (<see cref="DemoScoreCache"/>).</summary>
    private DemoScoreCache Scores => new(Path.Combine(_output, "scores"));

    private string ScoreKey(string checkpoint, string testRoot, bool retrieval) =>
        ScoreKey(checkpoint, testRoot, retrieval, Reading);

    private string ScoreKey(string checkpoint, string testRoot, bool retrieval, MapReading reading) =>
        DemoScoreCache.Key(checkpoint, Path.Combine(testRoot, Is3Layout.BoxFile), _settings.ImageSize, _settings.AudioSeconds, retrieval, reading.Name);

    /// <summary>How the demo reads every model's maps (<see cref="DemoSettings.Reading"/>).</summary>
    private MapReading Reading => _settings.Reading;

    private DemoModelResult ScoreNow(string name, string checkpoint, string testRoot, bool retrieval, MapReading reading)
    {
        var preset = BenchmarkPresets.Get("is3");
        var set = BenchmarkReader.Read(preset, Path.Combine(testRoot, Is3Layout.BoxFile));
        var root = new DataRoot(testRoot);
        var options = reading.ApplyTo(new LocalizerOptions
        {
            Upsample = preset.Upsample,
            ImageSize = _settings.ImageSize,
            Window = preset.Window.Centred(_settings.AudioSeconds),
            Threads = _settings.Threads,
        });
        _observer.Stage($"evaluate {name}", set.Entries.Count);
        using var localizer = Localizer.FromCheckpoint(checkpoint, options, out _);
        var scored = InteractiveScorer.ScoreModel(set, checkpoint, root, localizer, n => _observer.Advance(n));
        var samples = scored.Results;
        // The demo keeps its results as JSON (its report and run files read them back).
        var summary = EvaluationSummary.ToJson(scored.Metrics!);
        // Retrieval on the validation scenes (one sounding object each, classes known): s_A space for the
        // alignment method, the raw space for EZ-VSL (whose projection heads are never trained); the picture size and
        // sound window the models trained with (Recipe).
        var validation = TrainingSet.Load(Path.Combine(DataFolder, "val", "manifest.csv"));
        var recall = retrieval
            ? ValidationRetrieval.Measure(localizer.Model, validation, _settings.ImageSize, Audio.AudioWindow.Official.Centred(_settings.AudioSeconds), name == "ezvsl" ? RetrievalSpace.Raw : RetrievalSpace.Projection)
            : null;
        return new DemoModelResult(name, checkpoint, summary, samples, recall);
    }

    /// <summary>
    /// The shipped out-of-distribution set (assets/ood: drawings and sounds from sources the embedded kit does not
    /// use) composed at the held-out settings and scored like the held-out set: the official metrics per model, and
    /// the set's IS3-layout root.
    /// </summary>
    public (JsonObject Scores, string Root) ScoreOutOfDistribution(IEnumerable<(string Name, string Checkpoint)> models, CancellationToken cancel = default)
    {
        var scenes = Math.Min(OutOfDistributionSet.Scenes, _settings.TestScenes);
        var options = OutOfDistributionSet.Options(_settings.ImageSize, _settings.TestMinObjectSide, _settings.TestMaxObjectSide, scenes) with { Threads = _settings.Threads };
        _observer.Stage("compose the out-of-distribution set", options.TestScenes);
        var root = OutOfDistributionSet.Compose(OutOfDistributionSet.EmbeddedKit, Path.Combine(_output, "ood"), options, new Progress(_observer), cancel);
        using var scorer = new InteractiveScorer(_settings.ImageSize, _settings.AudioSeconds, _settings.Threads, _settings.Reading);
        var scores = new JsonObject();
        foreach (var (name, checkpoint) in models)
        {
            scores[name] = Scores.GetOrScore(ScoreKey(checkpoint, root, retrieval: false), name, checkpoint, () =>
            {
                _observer.Stage($"evaluate {name} out of distribution", InteractiveScorer.Entries(root));
                var scored = scorer.Score(checkpoint, root, n => _observer.Advance(n));
                return new DemoModelResult(name, checkpoint, EvaluationSummary.ToJson(scored.Metrics!), scored.Results, null);
            }).Evaluation;
        }
        return (scores, root);
    }

    private sealed class Progress(IDemoObserver observer) : IProgress<int>
    {
        public void Report(int value) => observer.Advance(value);
    }
}
