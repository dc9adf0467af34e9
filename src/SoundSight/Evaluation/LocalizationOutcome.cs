using SoundSight.Methods;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>A benchmark scored: the method that made the maps, the per-sample results and, for a whole run with samples, the metrics.</summary>
public sealed record LocalizationOutcome : EvaluationOutcome
{
    /// <summary>The method whose rules scored the maps (null: saved maps under the official rules).</summary>
    public LocalizationMethod? Method { get; init; }

    /// <summary>Why <see cref="Method"/> was chosen (given, recognised, or "saved maps").</summary>
    public required string MethodReason { get; init; }

    /// <summary>The data root the run found its pictures, sounds and masks under (null: none given).</summary>
    public DataRoot? Root { get; init; }

    /// <summary>The entries scored (those whose files exist).</summary>
    public required IReadOnlyList<BenchmarkEntry> Entries { get; init; }

    /// <summary>Per-sample results, in entry order.</summary>
    public required IReadOnlyList<SampleResult> Results { get; init; }

    /// <summary>The metrics of a whole run (NaN where nothing was scored); null for a shard (merge computes them).</summary>
    public EvaluationMetrics? Metrics { get; init; }
}
