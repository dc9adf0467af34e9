using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SoundSight.Data.Compose;
using SoundSight.Demo;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Training;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

using SoundSight.Localization;

namespace SoundSight.Study;

/// <summary>What one finished run scored on one set.</summary>
public sealed record SetScore(JsonObject Summary, IReadOnlyList<SampleResult> Samples);

/// <summary>One finished run: a cell trained with one seed, and its scores per set (held_out, ood).</summary>
public sealed record StudyRunResult(StudyCell Cell, ulong Seed, int Steps, IReadOnlyDictionary<string, SetScore> Scores);

/// <summary>
/// Runs a study: the demo's data (composed and mined once, kept), the shipped out-of-distribution set composed at
/// the demo's held-out settings, then every cell x seed of the grid trained in its own folder and scored on both
/// sets, and the table written (<see cref="StudyReport"/>). Resumable at every level: a finished run (done.json) is
/// never redone, an interrupted one continues from its newest checkpoint (the trainer's resume), and the report is
/// rebuilt from the finished runs' saved per-sample results.
/// </summary>
public sealed class StudyRunner
{
    public const string HeldOut = "held_out";

    /// <summary>
    /// The demo's interactive validation scenes (its stopping data): where a study's recipes are compared to choose
    /// one, so that the held-out and out-of-distribution sets only report.
    /// </summary>
    public const string Validation = "validation";
    public const string OutOfDistribution = "ood";

    /// <summary>The out-of-distribution pictures with the training kit's sounds (only the picture shifted).</summary>
    public const string OutOfDistributionPictures = "ood_pictures";

    /// <summary>The training kit's pictures with the out-of-distribution sounds (only the sound shifted).</summary>
    public const string OutOfDistributionSounds = "ood_sounds";

    /// <summary>Every set a run may be scored on, in report order.</summary>
    public static readonly IReadOnlyList<string> Sets = [Validation, HeldOut, OutOfDistribution, OutOfDistributionPictures, OutOfDistributionSounds];
    private const string DoneFile = "done.json";
    private const string RecipeFile = "study-recipe.json";

    private readonly StudyConfig _config;
    private readonly string _output;
    private readonly IDemoObserver _observer;
    private readonly DemoSettings _settings;
    private readonly DemoPipeline _pipeline;

    public StudyRunner(StudyConfig config, string output, IDemoObserver observer, int? threads)
    {
        _config = config;
        _output = Path.GetFullPath(output);
        _observer = observer;
        _settings = (config.Data ?? DemoSettings.Full) with { Threads = threads };
        // A study compares recipes, so its arithmetic does not follow the CPU: float32 (the authors') unless the
        // config names one (data.precision, or a cell's "set": ["precision=bf16"]).
        if (_settings.Precision == EncoderPrecision.Auto)
        {
            _settings = _settings with { Precision = EncoderPrecision.Float32 };
        }
        _pipeline = new DemoPipeline(_settings, _output, observer);
    }

    public string Output => _output;

    public string RunFolder(StudyCell cell, ulong seed) => Path.Combine(_output, "runs", cell.Name, $"seed-{seed}");

    /// <summary>
    /// Trains and scores what is not finished yet, then writes the report. Stops early (with what is done) when
    /// cancelled. <paramref name="train"/> false: only scores the finished runs on the sets they lack (a study cut
    /// short, reported as it stands).
    /// </summary>
    public IReadOnlyList<StudyRunResult> Run(CancellationToken cancel = default, bool train = true)
    {
        var (data, neighbours) = _pipeline.PrepareData(cancel);
        var sets = new Dictionary<string, string> { [Validation] = Path.Combine(data, "val-interactive"), [HeldOut] = Path.Combine(data, "test") };
        if (_config.OutOfDistribution)
        {
            sets[OutOfDistribution] = ComposeOutOfDistribution(cancel);
            if (_config.OutOfDistributionSplit)
            {
                var kit = _config.OutOfDistributionKit ?? OutOfDistributionSet.EmbeddedKit;
                var trainingKit = AssetKit.EmbeddedPath; // the demo composes its data from the embedded kit
                sets[OutOfDistributionPictures] = ComposeMixed(kit, trainingKit, OutOfDistributionPictures, cancel);
                sets[OutOfDistributionSounds] = ComposeMixed(trainingKit, kit, OutOfDistributionSounds, cancel);
            }
        }
        using var scorer = new InteractiveScorer(_settings.ImageSize, _settings.AudioSeconds, _settings.Threads, _settings.Reading);
        // Seed-major: every cell's first seed before any cell's second, so a study cut short stays balanced.
        var plan = _config.Seeds.SelectMany(s => _config.Cells().Select(c => (Cell: c, Seed: s))).ToList();
        var todo = plan.Where(p => !File.Exists(Path.Combine(RunFolder(p.Cell, p.Seed), DoneFile))).ToList();
        // Runs finished before a set was added (e.g. the modality split), or scored on a set that has been composed
        // differently since (its fingerprint differs), are scored on it now, training nothing.
        var fingerprints = sets.ToDictionary(s => s.Key, s => TestSetFingerprint.Of(s.Value), StringComparer.Ordinal);
        WriteSetFacts(sets, fingerprints);
        foreach (var (cell, seed) in plan.Except(todo))
        {
            var run = RunFolder(cell, seed);
            foreach (var (set, root) in sets.Where(s => !ScoredOn(run, s.Key, fingerprints[s.Key])))
            {
                cancel.ThrowIfCancellationRequested();
                ScoreRun(scorer, run, $"{cell.Name} seed {seed}", set, root, fingerprints[set]);
            }
        }
        _observer.Note($"study: {plan.Count} runs ({_config.Cells().Count} cells x {_config.Seeds.Count} seeds, {_config.Steps} steps each); {plan.Count - todo.Count} finished, {todo.Count} to do{(train ? "" : " (not trained now)")}");
        if (!train)
        {
            todo.Clear();
        }
        var clock = Stopwatch.StartNew();
        var stepsDone = 0L;
        var k = 0;
        foreach (var (cell, seed) in todo)
        {
            k++;
            var run = RunFolder(cell, seed);
            var recipe = Recipe(cell, seed, NeighboursFor(cell.Mining, neighbours, cancel));
            Claim(run, recipe);
            var label = $"{cell.Name} seed {seed} (run {k}/{todo.Count})";
            _observer.Stage($"train {label}", _config.Steps);
            var summary = new Trainer(recipe, Path.Combine(run, "train")).Run(new TrainingStageObserver(_observer), cancel);
            if (summary.Cancelled || cancel.IsCancellationRequested)
            {
                _observer.Note($"study stopped in {label} at step {summary.Steps}; run it again to continue");
                break;
            }
            stepsDone += _config.Steps;
            var checkpoint = Path.Combine(run, "train", "last.safetensors");
            var scores = new JsonObject();
            var measured = new Dictionary<string, EvaluationMetrics>(StringComparer.Ordinal);
            foreach (var (set, root) in sets)
            {
                var result = ScoreRun(scorer, run, label, set, root, fingerprints[set]);
                measured[set] = result;
                scores[set] = new JsonObject { ["cIoU"] = EvaluationSummary.Value(result.CIoU), ["IIoU"] = EvaluationSummary.Value(result.Interactive!.IIoU) };
            }
            AtomicFile.WriteAllText(Path.Combine(run, DoneFile), new JsonObject
            {
                ["cell"] = cell.Name,
                ["seed"] = seed,
                ["steps"] = summary.Steps,
                ["scores"] = scores,
            }.ToJsonString(StudyConfig.Json));
            var perRun = clock.Elapsed / k;
            var left = perRun * (todo.Count - k);
            _observer.Note(string.Create(CultureInfo.InvariantCulture,
                $"done {label}: {string.Join("; ", sets.Keys.Select(s => $"{s} cIoU {100 * measured[s].CIoU:0.0} IIoU {100 * measured[s].Interactive!.IIoU:0.0}"))}; study ETA {left:hh\\:mm\\:ss} ({perRun.TotalMinutes:0.0} min per run here)"));
        }
        var results = Finished();
        if (results.Count > 0)
        {
            _observer.Stage("report", 0);
            new StudyReport(_config, _output, _settings.Reading).Write(results);
        }
        return results;
    }

    /// <summary>
    /// Scores a run's last checkpoint on one set and keeps the per-sample results, the summary and the set's
    /// fingerprint (written last: a run killed in between is scored again).
    /// </summary>
    private EvaluationMetrics ScoreRun(InteractiveScorer scorer, string run, string label, string set, string root, string fingerprint)
    {
        _observer.Stage($"score {label} on {set}", InteractiveScorer.Entries(root));
        var scored = scorer.Score(Path.Combine(run, "train", "last.safetensors"), root, n => _observer.Advance(n));
        SampleResultCsv.Write(Path.Combine(run, $"{ScoreName(set)}.csv"), scored.Results);
        EvaluationSummary.Write(Path.Combine(run, $"{ScoreName(set)}.json"), scored.Metrics!);
        AtomicFile.WriteAllText(FingerprintFile(run, set), fingerprint + "\n");
        return scored.Metrics!;
    }

    /// <summary>The file beside the runs that says, per set, its fingerprint and what any map could score on it.</summary>
    public const string SetFactsFile = "sets.json";

    /// <summary>
    /// Per set: the fingerprint and the plain ceiling (<see cref="PlainThresholdCeiling"/>): the IIoU no map can
    /// exceed on it, so sets of different object shapes are not read as models of different quality.
    /// </summary>
    private void WriteSetFacts(Dictionary<string, string> sets, Dictionary<string, string> fingerprints)
    {
        var facts = new JsonObject();
        foreach (var (set, root) in sets)
        {
            var (ciou, iiou, entries) = InteractiveScorer.Ceiling(root);
            facts[set] = new JsonObject { ["fingerprint"] = fingerprints[set], ["entries"] = entries, ["ceiling_cIoU"] = ciou, ["ceiling_IIoU"] = iiou };
        }
        AtomicFile.WriteAllText(Path.Combine(_output, SetFactsFile), facts.ToJsonString(StudyConfig.Json));
    }

    private string FingerprintFile(string run, string set) => Path.Combine(run, $"{ScoreName(set)}.set-sha256");

    /// <summary>
    /// The score files' name for <paramref name="set"/>: each reading of the maps (the demo's, the official one) keeps
    /// its own files, so a study folder holds both and switching the reading scores again without training.
    /// </summary>
    private string ScoreName(string set) => set + _settings.Reading.Suffix;

    /// <summary>Whether the run holds scores on exactly this composition of the set.</summary>
    private bool ScoredOn(string run, string set, string fingerprint) =>
        File.Exists(Path.Combine(run, $"{ScoreName(set)}.json")) && File.Exists(FingerprintFile(run, set))
        && File.ReadAllText(FingerprintFile(run, set)).Trim() == fingerprint;

    /// <summary>The runs finished so far, in grid order (what the report is built from).</summary>
    public IReadOnlyList<StudyRunResult> Finished()
    {
        var results = new List<StudyRunResult>();
        foreach (var cell in _config.Cells())
        {
            foreach (var seed in _config.Seeds)
            {
                var run = RunFolder(cell, seed);
                var done = Path.Combine(run, DoneFile);
                if (!File.Exists(done))
                {
                    continue;
                }
                var steps = JsonNode.Parse(File.ReadAllText(done))!["steps"]!.GetValue<int>();
                var scores = new Dictionary<string, SetScore>(StringComparer.Ordinal);
                foreach (var set in Sets)
                {
                    var json = Path.Combine(run, $"{ScoreName(set)}.json");
                    if (File.Exists(json))
                    {
                        scores[set] = new SetScore(JsonNode.Parse(File.ReadAllText(json))!.AsObject(), SampleResultCsv.Read(Path.Combine(run, $"{ScoreName(set)}.csv")));
                    }
                }
                results.Add(new StudyRunResult(cell, seed, steps, scores));
            }
        }
        return results;
    }

    /// <summary>Writes the report from the finished runs only (e.g. while the study still runs elsewhere).</summary>
    public IReadOnlyList<StudyRunResult> ReportOnly()
    {
        var results = Finished();
        if (results.Count == 0)
        {
            throw new InputException(_output, "no finished study runs here yet");
        }
        new StudyReport(_config, _output, _settings.Reading).Write(results);
        return results;
    }

    /// <summary>The demo's recipe for the cell's method on the demo's data, the cell's overrides, this seed and the study's steps.</summary>
    public TrainingRecipe Recipe(StudyCell cell, ulong seed, string neighbours)
    {
        var demo = _pipeline.Recipe(cell.Method, cell.Method == "alignment" ? neighbours : null, _config.Steps).With(cell.Set);
        var recipe = demo with { Seed = seed, MaxSteps = _config.Steps };
        recipe.Validate();
        return recipe;
    }

    /// <summary>
    /// The neighbours of the demo's training set drawn with another mining: the demo's own preparation with that
    /// mining (its encoders and top-k; data/neighbours-&lt;mining&gt;.json, kept once made).
    /// </summary>
    private string NeighboursFor(string? mining, string demoNeighbours, CancellationToken cancel) =>
        mining is null || mining == _settings.NeighbourMining
            ? demoNeighbours
            : new DemoPipeline(_settings with { NeighbourMining = mining }, _output, _observer).PrepareData(cancel).Neighbours;

    private ComposeOptions OutOfDistributionOptions() =>
        OutOfDistributionSet.Options(_settings.ImageSize, _settings.TestMinObjectSide, _settings.TestMaxObjectSide, _config.OutOfDistributionScenes) with { Threads = _settings.Threads };

    private string ComposeOutOfDistribution(CancellationToken cancel)
    {
        var kit = _config.OutOfDistributionKit ?? OutOfDistributionSet.EmbeddedKit;
        var options = OutOfDistributionOptions();
        _observer.Stage("compose the out-of-distribution set", options.TestScenes);
        return OutOfDistributionSet.Compose(kit, Path.Combine(_output, "ood"), options, new Progress(_observer), cancel);
    }

    private string ComposeMixed(string pictureKit, string soundKit, string name, CancellationToken cancel)
    {
        var options = OutOfDistributionOptions();
        _observer.Stage($"compose {name.Replace('_', ' ')}", options.TestScenes);
        return OutOfDistributionSet.ComposeMixed(pictureKit, soundKit, Path.Combine(_output, name), options, new Progress(_observer), cancel);
    }

    /// <summary>A run folder belongs to one recipe: a changed grid must not silently continue another run's checkpoints.</summary>
    private static void Claim(string run, TrainingRecipe recipe)
    {
        Directory.CreateDirectory(run);
        var path = Path.Combine(run, RecipeFile);
        var kept = recipe with { Threads = null, Workers = null }; // threads change speed, not results
        // Compared as values, not text: a recipe key added since the run began reads back as its default.
        if (File.Exists(path) && TrainingRecipe.FromJson(File.ReadAllText(path)) != kept)
        {
            throw new InputException(path, $"this run folder was started with another recipe (the study config changed): remove the folder or use another {Setting.Mention(Setting.Out)}");
        }
        AtomicFile.WriteAllText(path, kept.ToJson());
    }

    private sealed class Progress(IDemoObserver observer) : IProgress<int>
    {
        public void Report(int value) => observer.Advance(value);
    }
}
