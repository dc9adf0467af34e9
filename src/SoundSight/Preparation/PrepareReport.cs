namespace SoundSight.Preparation;

/// <summary>How a preparation run ended.</summary>
public sealed record PrepareReport
{
    /// <summary>Clips prepared by this run.</summary>
    public required int Done { get; init; }

    /// <summary>Clips already done by an earlier run (journal or complete outputs), left as they were.</summary>
    public required int Skipped { get; init; }

    /// <summary>Clips that could not be prepared, with why.</summary>
    public required IReadOnlyList<JournalEntry> Failed { get; init; }

    /// <summary>All clips done in the output root, this run and earlier ones.</summary>
    public required int TotalDone { get; init; }

    /// <summary>Ids the benchmark list names that the output root does not have (empty without a list).</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>How many ids the benchmark list names (0 without a list).</summary>
    public required int BenchmarkCount { get; init; }

    /// <summary>The manifest written (manifest.csv in the output root).</summary>
    public required string ManifestPath { get; init; }
}

/// <summary>One clip finished (done, skipped or failed), for progress display.</summary>
public sealed record PrepareProgress(string Id, string Status, int Finished, int Total);
