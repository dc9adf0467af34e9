using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Evaluates a benchmark as <see cref="EvaluationRequest"/> describes it: checks the request's rules, takes the
/// shard's slice, scores it (<see cref="LocalizationEvaluation"/>, or <see cref="SilentPairEvaluation"/> for an
/// extended set) and writes a shard's manifest. A whole run's metrics come back typed; the caller shows them and
/// writes them with <see cref="EvaluationOutput"/>.
/// </summary>
public static class BenchmarkEvaluation
{
    public static EvaluationOutcome Evaluate(EvaluationRequest request, IEvaluationObserver? observer = null) =>
        request.SilentPairs is { } csv
            ? SilentPairEvaluation.Evaluate(request, csv, observer ?? new CountingObserver())
            : LocalizationEvaluation.Evaluate(request, observer ?? new CountingObserver());

    /// <summary>The shard's slice of <paramref name="all"/>.</summary>
    public static List<T> Slice<T>(IReadOnlyList<T> all, ShardSpec shard)
    {
        var (start, end) = shard.Range(all.Count);
        return all.Skip(start).Take(end - start).ToList();
    }

    /// <summary>
    /// Saved maps or a model run, exactly one; a model run needs the data root. <paramref name="where"/> and
    /// <paramref name="either"/> name the mode in the message (plain or extended set).
    /// </summary>
    internal static DataRoot? CheckSource(EvaluationRequest request, string where, string either)
    {
        if ((request.Predictions is null) == (request.Checkpoint is null))
        {
            throw new InputException(where, either);
        }
        if (request.Checkpoint is not null && request.Root is null && request.DataRoot is null)
        {
            throw new InputException(Setting.Mention(Setting.Checkpoint), $"needs {Setting.Mention(Setting.DataRoot)} (where the benchmark's pictures and sounds are)");
        }
        return request.Root ?? (request.DataRoot is null ? null : new DataRoot(request.DataRoot));
    }

    /// <summary>A shard's manifest path: named after the metrics path, or evaluation/&lt;name&gt;.json.</summary>
    internal static string ShardManifestPath(EvaluationRequest request, string name) =>
        ShardResults.ShardPath(request.Json ?? Path.Combine("evaluation", $"{name}.json"), request.Shard);
}
