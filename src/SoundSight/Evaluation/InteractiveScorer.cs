using System.Text.Json.Nodes;
using SoundSight.Localization;

namespace SoundSight.Evaluation;

/// <summary>
/// Scores a checkpoint on an IS3-layout interactive set (the demo's held-out scenes or the out-of-distribution set)
/// with the official metrics, at the picture size and audio window the model was trained with, exactly as the demo
/// scores its models (a 0/0 IoU counts as a failure).
/// </summary>
public sealed class InteractiveScorer(int imageSize, double audioSeconds, int? threads)
{
    public (JsonObject Summary, IReadOnlyList<SampleResult> Samples) Score(string checkpoint, string testRoot, Action<int>? progress = null)
    {
        var preset = BenchmarkPresets.Get("is3");
        var set = BenchmarkReader.Read(preset, Path.Combine(testRoot, "metadata", "synthetic3240_bbox.json"));
        var root = new DataRoot(testRoot);
        var options = new LocalizerOptions
        {
            Upsample = preset.Upsample,
            ImageSize = imageSize,
            Window = preset.Window.Centred(audioSeconds),
            Threads = threads,
        };
        using var localizer = Localizer.FromCheckpoint(checkpoint, options, out _);
        var samples = new EvaluationRun(preset, root).ScoreModel(set.Entries, root, localizer, 16, progress);
        return (EvaluationSummary.Build(preset, samples, DegenerateIouRule.Failure), samples);
    }

    /// <summary>Entries in the set (what a scoring stage's progress counts to).</summary>
    public static int Entries(string testRoot) =>
        BenchmarkReader.Read(BenchmarkPresets.Get("is3"), Path.Combine(testRoot, "metadata", "synthetic3240_bbox.json")).Entries.Count;
}
