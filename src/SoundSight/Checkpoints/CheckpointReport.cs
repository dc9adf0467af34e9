namespace SoundSight.Checkpoints;

/// <summary>What loading a checkpoint found: which container, which keys were used, which ignored.</summary>
public sealed record CheckpointReport(
    string Path,
    string Format,
    string? Container,
    bool HadModulePrefix,
    int LoadedTensors,
    IReadOnlyList<string> IgnoredKeys,
    bool HasProjections)
{
    /// <summary>One human line, e.g. for the CLI.</summary>
    public string Summary()
    {
        var parts = new List<string> { $"{LoadedTensors} tensors from {System.IO.Path.GetFileName(Path)} ({Format}{(Container is null ? "" : $", '{Container}'")})" };
        if (HadModulePrefix)
        {
            parts.Add("'module.' prefix removed");
        }
        if (IgnoredKeys.Count > 0)
        {
            var shown = string.Join(", ", IgnoredKeys.Take(5));
            parts.Add($"{IgnoredKeys.Count} unused keys ignored ({shown}{(IgnoredKeys.Count > 5 ? ", ..." : "")})");
        }
        if (!HasProjections)
        {
            parts.Add("no projection heads: semantic score s_A unavailable");
        }
        return string.Join("; ", parts);
    }
}
