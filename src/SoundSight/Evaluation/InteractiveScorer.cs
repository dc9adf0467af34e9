using SoundSight.Localization;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Scores a checkpoint on an IS3-layout interactive set (the demo's held-out scenes or the out-of-distribution set)
/// with the official metrics, at the picture size and audio window the model was trained with, exactly as the demo
/// scores its models (a 0/0 IoU counts as a failure), its maps read as <paramref name="reading"/> says (default: the
/// official map). Keeps the last checkpoint's localizer for the next set (dispose the scorer when done).
/// </summary>
public sealed class InteractiveScorer(int imageSize, double audioSeconds, int? threads, MapReading reading = default) : IDisposable
{
    // A study scores each run on four or five sets in a row, the demo its two models out of distribution: building a
    // localizer (model, checkpoint, fast encoders) took about a second of each score on 2 cores.
    private ((string Path, long Length, DateTime Written)? File, Localizer Localizer)? _last;

    /// <summary>The set's metrics and per-sample results (<see cref="LocalizationOutcome.Metrics"/> is set: a whole run).</summary>
    public LocalizationOutcome Score(string checkpoint, string testRoot, Action<int>? progress = null)
    {
        var preset = BenchmarkPresets.Get("is3");
        var set = Read(testRoot);
        var root = new DataRoot(testRoot);
        var options = reading.ApplyTo(new LocalizerOptions
        {
            Upsample = preset.Upsample,
            ImageSize = imageSize,
            Window = preset.Window.Centred(audioSeconds),
            Threads = threads,
        });
        return ScoreModel(set, checkpoint, root, LocalizerFor(checkpoint, options), progress);
    }

    /// <summary>The kept localizer when the checkpoint file is the one it was opened from (same path, size and time), else a new one.</summary>
    private Localizer LocalizerFor(string checkpoint, LocalizerOptions options)
    {
        var info = new FileInfo(checkpoint);
        (string, long, DateTime)? file = info.Exists ? (info.FullName, info.Length, info.LastWriteTimeUtc) : null;
        if (file is not null && _last is { } last && last.File == file)
        {
            return last.Localizer;
        }
        Dispose();
        var localizer = Localizer.FromCheckpoint(checkpoint, options, out _);
        _last = (file, localizer);
        return localizer;
    }

    public void Dispose()
    {
        _last?.Localizer.Dispose();
        _last = null;
    }

    /// <summary>
    /// A model the caller opened, scored on <paramref name="set"/> under the official rules (no method's), 16 pairs a
    /// batch, a 0/0 IoU a failure: how the demo and the study score their checkpoints.
    /// </summary>
    public static LocalizationOutcome ScoreModel(BenchmarkSet set, string checkpoint, DataRoot root, IPairLocalizer localizer, Action<int>? progress) =>
        (LocalizationOutcome)BenchmarkEvaluation.Evaluate(new EvaluationRequest
        {
            Benchmark = set,
            Checkpoint = checkpoint,
            Root = root,
            Localizer = localizer,
            Method = (null, "the caller's model"),
        }, new CountingObserver(progress));

    /// <summary>Entries in the set (what a scoring stage's progress counts to).</summary>
    public static int Entries(string testRoot) => Read(testRoot).Entries.Count;

    /// <summary>
    /// The best plain cIoU and IIoU any continuous map can score on the set (<see cref="PlainThresholdCeiling"/>), with
    /// its entry count: what the demo and the study print beside their scores.
    /// </summary>
    public static (double CIoU, double IIoU, int Entries) Ceiling(string testRoot)
    {
        var entries = Read(testRoot).Entries;
        var (ciou, iiou) = PlainThresholdCeiling.Of(entries, BenchmarkPresets.MapSize);
        return (ciou, iiou, entries.Count);
    }

    private static BenchmarkSet Read(string testRoot) =>
        BenchmarkReader.Read(BenchmarkPresets.Get("is3"), Path.Combine(testRoot, Data.Compose.Is3Layout.BoxFile));
}
