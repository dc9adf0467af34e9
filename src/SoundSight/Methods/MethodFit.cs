namespace SoundSight.Methods;

/// <summary>How well a checkpoint's keys fit one method's model and key rules.</summary>
public sealed record MethodFit(LocalizationMethod Method, int Matched, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> WrongShape, string? ContainerProblem)
{
    public bool Fits => Missing.Count == 0 && Unexpected.Count == 0 && WrongShape.Count == 0 && ContainerProblem is null;

    /// <summary>Keys that do not fit, in all (with <see cref="Matched"/>, how close the checkpoint is).</summary>
    public int Distance => Missing.Count + Unexpected.Count + WrongShape.Count + (ContainerProblem is null ? 0 : 1);

    /// <summary>One phrase naming what does not fit (at most a few keys of each kind).</summary>
    public string Problem()
    {
        var parts = new List<string>();
        if (ContainerProblem is not null)
        {
            parts.Add(ContainerProblem);
        }
        if (Missing.Count > 0)
        {
            parts.Add($"checkpoint lacks {Few(Missing)}{(Missing.Count > 4 ? $" ({Missing.Count} keys)" : "")}, which the model needs");
        }
        if (WrongShape.Count > 0)
        {
            parts.Add($"{WrongShape.Count} key(s) of the wrong shape ({Few(WrongShape)})");
        }
        if (Unexpected.Count > 0)
        {
            parts.Add($"{Unexpected.Count} key(s) it does not have ({Few(Unexpected)})");
        }
        return string.Join("; ", parts);
    }

    private static string Few(IReadOnlyList<string> keys) => string.Join(", ", keys.Take(4)) + (keys.Count > 4 ? ", ..." : "");
}
