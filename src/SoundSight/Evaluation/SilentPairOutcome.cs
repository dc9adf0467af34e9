using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>An extended set scored: each pair's score and, for a whole run, the metrics.</summary>
public sealed record SilentPairOutcome : EvaluationOutcome
{
    /// <summary>The extended set's file name (what the summary names).</summary>
    public required string ExtendedSet { get; init; }

    /// <summary>Per-pair scores, in the extended set's order.</summary>
    public required IReadOnlyList<SilentPairScore> Scores { get; init; }

    /// <summary>The metrics of a whole run; null for a shard (merge computes them).</summary>
    public SilentPairSummary? Metrics { get; init; }
}
