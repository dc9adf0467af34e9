using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// What <see cref="BenchmarkEvaluation.Evaluate"/> gives back: <see cref="LocalizationOutcome"/> for a benchmark,
/// <see cref="SilentPairOutcome"/> for an extended set with non-sounding pairs.
/// </summary>
public abstract record EvaluationOutcome
{
    public required BenchmarkPreset Preset { get; init; }

    public required ShardSpec Shard { get; init; }

    /// <summary>For a shard: the manifest written (its per-sample CSV beside it); null for a whole run.</summary>
    public string? ShardManifest { get; init; }

    /// <summary>Entries in the whole benchmark (a shard scores a slice).</summary>
    public required int TotalEntries { get; init; }

    /// <summary>
    /// Notes for the user (e.g. entries left out with allow_missing), settings marked as in errors: write them with
    /// <see cref="SettingText.Plain"/>, or a front end's own names for the settings (the CLI writes flags).
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
