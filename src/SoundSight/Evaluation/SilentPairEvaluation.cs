using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// An extended set with non-sounding pairs (<see cref="BenchmarkEvaluation.Evaluate"/> with silent pairs): AP, max-F1
/// and precision from raw maps or a model run. It has no OGL and no report; a shard writes its manifest.
/// </summary>
internal static class SilentPairEvaluation
{
    public static SilentPairOutcome Evaluate(EvaluationRequest request, string csv, IEvaluationObserver observer)
    {
        // The options the extended-set metrics cannot use, in the order the command line lists them.
        foreach (var (given, setting) in new[] { (request.Report is not null, Setting.Report), (request.OglSaliency is not null, Setting.OglSaliency), (request.Ogl, Setting.Ogl), (request.OglTorchvision is not null, Setting.OglTorchvision) })
        {
            if (given)
            {
                throw new InputException(Setting.Mention(setting), $"is not available with {Setting.Mention(Setting.SilentPairs)} (the extended-set metrics have no OGL or report)");
            }
        }
        var preset = request.Preset;
        var allEntries = SilentPairSet.Read(request.Benchmark, csv);
        var entries = BenchmarkEvaluation.Slice(allEntries, request.Shard);
        var root = BenchmarkEvaluation.CheckSource(request, Setting.Mention(Setting.SilentPairs),
            $"give either {Setting.Mention(Setting.Predictions)} DIR (raw maps <video>__<audio>.raw.npy as localize writes) or {Setting.Mention(Setting.DataRoot)} DIR {Setting.Mention(Setting.Checkpoint)} CK");
        var run = new SilentPairRun(preset, root);
        var rawFolder = request.Predictions;
        if (rawFolder is not null)
        {
            // Reported before any progress output, as one line.
            SilentPairRun.CheckRawMaps(entries, rawFolder);
        }
        List<SilentPairScore> scores;
        observer.Started($"evaluate {preset.Name} + non-sounding", entries.Count);
        try
        {
            if (rawFolder is not null)
            {
                scores = run.ScoreRawMaps(entries, rawFolder, observer.Advanced);
            }
            else
            {
                var threads = request.Model.ResolveThreads();
                using var localizer = Localizer.FromCheckpoint(request.Checkpoint!, request.Model.LocalizerOptions(preset, threads), out _);
                scores = run.ScoreModel(entries, root!, localizer, Math.Max(1, request.Model.Batch), observer.Advanced);
            }
        }
        finally
        {
            observer.Finished();
        }
        var extendedSet = Path.GetFileName(csv);
        string? manifest = null;
        if (!request.Shard.IsWhole)
        {
            manifest = BenchmarkEvaluation.ShardManifestPath(request, $"{preset.Name}-plus-silent");
            ShardResults.WriteSilentPairs(manifest, preset, extendedSet, request.Shard, allEntries.Count, entries.Zip(scores).ToList());
        }
        return new SilentPairOutcome
        {
            Preset = preset,
            Shard = request.Shard,
            ShardManifest = manifest,
            TotalEntries = allEntries.Count,
            ExtendedSet = extendedSet,
            Scores = scores,
            Metrics = request.Shard.IsWhole ? SilentPairSummary.Compute(preset, extendedSet, scores) : null,
        };
    }
}
