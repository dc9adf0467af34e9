using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Media;
using SoundSight.Models.ImageNet;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Scores a benchmark's entries from saved maps or by running a model, in parallel, results in entry order.
/// Missing inputs are found before any work starts: one message with their count and first names, unless the
/// caller explicitly allows scoring what exists.
/// </summary>
public sealed class EvaluationRun
{
    private readonly BenchmarkPreset _preset;
    private readonly LocalizationEvaluator _evaluator;

    private readonly DataRoot? _root;
    private readonly Lock _networkLock = new();

    public EvaluationRun(BenchmarkPreset preset, DataRoot? root = null)
    {
        _preset = preset;
        _root = root;
        _evaluator = new LocalizationEvaluator(preset, root);
    }

    /// <summary>Folder of precomputed object saliency maps (.npy named like the predictions) for OGL; null = off.</summary>
    public string? SaliencyFolder { get; init; }

    /// <summary>
    /// Network that computes the object saliency of OGL on the fly from each entry's picture (the one the model
    /// run already decodes, or, with saved maps, the picture found under the data root); null = off. Its native
    /// map goes through the same upsampling as a saved saliency map, so both routes give the same numbers.
    /// </summary>
    public ObjectSaliency? SaliencyNetwork { get; init; }

    /// <summary>
    /// How the method being scored upsamples and normalises OGL's object saliency (its validator's rule); null: the
    /// benchmark's official rule (validate_lvs).
    /// </summary>
    public MapRules? Rules { get; init; }

    /// <summary>How a saved map is read (a method's validator, e.g. HTF's); null: <see cref="PredictionLoader"/>.</summary>
    public Func<string, BenchmarkEntry, PredictionMap>? SavedMapReader { get; init; }

    /// <summary>Entries whose files are missing are left out (and reported) instead of stopping the run.</summary>
    public bool AllowMissing { get; init; }

    /// <summary>Notes for the user (e.g. which entries were left out), settings marked as in errors (<see cref="SettingText"/>).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The entries whose prediction (and saliency map) exist; the others are an error unless allowed.</summary>
    public List<BenchmarkEntry> CheckPredictions(IReadOnlyList<BenchmarkEntry> entries, string predictions)
    {
        var loader = new PredictionLoader(predictions, _preset);
        var present = KeepPresent(entries, e => loader.Exists(e) ? null : loader.PathOf(e), "prediction", predictions);
        present = SaliencyFolder is null ? present : KeepPresent(present, e => File.Exists(SaliencyPath(e)) ? null : SaliencyPath(e), "saliency map", SaliencyFolder);
        return SaliencyNetwork is null ? present : KeepPicturesFor(present);
    }

    /// <summary>With on-the-fly OGL on saved maps, each entry's picture must be under the data root.</summary>
    private List<BenchmarkEntry> KeepPicturesFor(List<BenchmarkEntry> entries)
    {
        var root = _root ?? throw new InputException(Setting.Mention(Setting.Ogl), $"computing object saliency for saved maps needs {Setting.Mention(Setting.DataRoot)} (where the pictures are)");
        return KeepPresent(entries, e => root.Find(e.ImageCandidates) is null ? e.ImageCandidates[0] : null, "picture", root.Root);
    }

    /// <summary>Scores saved maps (one .npy per entry in <paramref name="predictions"/>).</summary>
    public IReadOnlyList<SampleResult> ScorePredictions(IReadOnlyList<BenchmarkEntry> entries, string predictions, Action<int>? progress = null)
    {
        var loader = new PredictionLoader(predictions, _preset);
        var present = CheckPredictions(entries, predictions);
        var decoder = new ImageDecoder();
        var results = new SampleResult[present.Count];
        Unwrap(() => Parallel.For(0, present.Count, () => (Buffers: new PredictionBuffers(), Scorer: new SampleScorer()), (i, _, local) =>
        {
            var entry = present[i];
            var picture = SaliencyNetwork is null ? null : decoder.Decode(_root!.Find(entry.ImageCandidates)!);
            var prediction = SavedMapReader is null ? loader.Load(entry, local.Buffers) : SavedMapReader(predictions, entry);
            results[i] = _evaluator.Score(entry, prediction, LoadSaliency(entry, picture), local.Scorer, SaliencyNormalization);
            progress?.Invoke(1);
            return local;
        }, _ => { }));
        return results;
    }

    /// <summary>The entries whose picture and sound (and saliency map) exist under <paramref name="root"/>.</summary>
    public List<BenchmarkEntry> CheckPairs(IReadOnlyList<BenchmarkEntry> entries, DataRoot root)
    {
        var present = KeepPresent(entries, e =>
            root.Find(e.ImageCandidates) is null ? e.ImageCandidates[0] : root.Find(e.AudioCandidates) is null ? e.AudioCandidates[0] : null,
            "picture or sound", root.Root);
        return SaliencyFolder is null ? present : KeepPresent(present, e => File.Exists(SaliencyPath(e)) ? null : SaliencyPath(e), "saliency map", SaliencyFolder);
    }

    /// <summary>
    /// Runs the model on the pictures and sounds under <paramref name="root"/>, in batches: the next batch is
    /// decoded (all cores) while the model runs on the current one, at most two batches ahead.
    /// </summary>
    public IReadOnlyList<SampleResult> ScoreModel(IReadOnlyList<BenchmarkEntry> entries, DataRoot root, IPairLocalizer localizer, int batchSize, Action<int>? progress = null)
    {
        var present = CheckPairs(entries, root);
        var decoder = new ImageDecoder(localizer.Options.ApplyExifOrientation);
        var results = new List<SampleResult>(present.Count);
        var scorer = new SampleScorer();
        var count = (present.Count + batchSize - 1) / batchSize;
        using var prefetch = new BatchPrefetcher<(List<BenchmarkEntry> Entries, (RgbImage, AudioClip)[] Pairs)>(count, k =>
        {
            var batch = present.Skip(k * batchSize).Take(batchSize).ToList();
            var pairs = new (RgbImage, AudioClip)[batch.Count];
            Unwrap(() => Parallel.For(0, batch.Count, i =>
            {
                var image = root.Find(batch[i].ImageCandidates)!;
                var audio = root.Find(batch[i].AudioCandidates)!;
                pairs[i] = (decoder.Decode(image), AudioLoader.Load(audio));
            }));
            return (batch, pairs);
        });
        foreach (var (batch, pairs) in prefetch.Batches())
        {
            var maps = localizer.LocalizePairs(pairs);
            for (var i = 0; i < batch.Count; i++)
            {
                var prediction = PredictionMap.FromFloat32(maps[i].EvaluationMap);
                results.Add(_evaluator.Score(batch[i], prediction, LoadSaliency(batch[i], pairs[i].Item1), scorer, SaliencyNormalization));
            }
            progress?.Invoke(batch.Count);
        }
        return results;
    }

    /// <summary>Parallel work reports a bad input as the one-line InputException, not an AggregateException.</summary>
    private static void Unwrap(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(input).Throw();
        }
    }

    private MapNormalizationRule SaliencyNormalization => Rules?.SaliencyNormalization ?? MapNormalizationRule.OneMinusNormalizedNegative;

    private string SaliencyPath(BenchmarkEntry e) => Path.Combine(SaliencyFolder!, e.Name + ".npy");

    /// <summary>The object saliency of OGL at the evaluation size: from the saliency folder, or computed from the picture.</summary>
    private (double[] Values, bool Single)? LoadSaliency(BenchmarkEntry entry, RgbImage? picture)
    {
        if (SaliencyFolder is not null)
        {
            return PredictionLoader.LoadMap(SaliencyPath(entry), entry.Name, _preset);
        }
        if (SaliencyNetwork is null || picture is null)
        {
            return null;
        }
        var input = new ImageFrontEnd(ObjectSaliency.Size).ToArray(picture);
        float[] native;
        // One network, shared by the parallel scorers (TorchSharp modules are not re-entrant).
        lock (_networkLock)
        {
            native = SaliencyNetwork.NativeMap(input);
        }
        var side = (int)Math.Round(Math.Sqrt(native.Length));
        var upsampled = MapUpsampler.Upsample(native, side, side, BenchmarkPresets.MapSize, BenchmarkPresets.MapSize, Rules?.SaliencyUpsample ?? _preset.Upsample, Rules?.Libtorch ?? false);
        return (upsampled.Select(v => (double)v).ToArray(), true);
    }

    /// <summary>Entries whose files exist; the others are an error (or, when allowed, a note).</summary>
    private List<BenchmarkEntry> KeepPresent(IReadOnlyList<BenchmarkEntry> entries, Func<BenchmarkEntry, string?> missingFile, string what, string where)
    {
        var missing = new List<(BenchmarkEntry Entry, string File)>();
        var present = new List<BenchmarkEntry>(entries.Count);
        foreach (var e in entries)
        {
            if (missingFile(e) is { } file)
            {
                missing.Add((e, file));
            }
            else
            {
                present.Add(e);
            }
        }
        if (missing.Count == 0)
        {
            return present;
        }
        var first = string.Join(", ", missing.Take(5).Select(m => $"{m.Entry.Name} ({Path.GetFileName(m.File)})"));
        var message = $"{missing.Count} of {entries.Count} entries have no {what} here; first: {first}";
        if (!AllowMissing)
        {
            throw new InputException(missing.Count == 1 ? missing[0].File : where, message + $" ({Setting.Mention(Setting.AllowMissing)} scores the rest)");
        }
        Notes.Add($"{where}: {message}; scored the {present.Count} that exist ({Setting.Mention(Setting.AllowMissing)})");
        return present;
    }
}
