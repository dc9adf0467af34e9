using System.Globalization;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: a contiguous block of the entries. Parsed from --shard i/N or,
/// unchanged under a Kubernetes Indexed Job, from JOB_COMPLETION_INDEX and JOB_COMPLETIONS.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole { get; } = new(0, 1);

    public bool IsWhole => Count == 1;

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n < 1 || i >= n)
        {
            throw new InputException(Setting.Mention(Setting.Shard), $"'{text}' is not i/N with 0 <= i < N");
        }
        return new ShardSpec(i, n);
    }

    /// <summary>--shard if given, else the Indexed Job variables, else the whole set.</summary>
    public static ShardSpec Resolve(string? option, Func<string, string?> environment)
    {
        if (option is not null)
        {
            return Parse(option);
        }
        var index = environment("JOB_COMPLETION_INDEX");
        var count = environment("JOB_COMPLETIONS");
        if (string.IsNullOrEmpty(index))
        {
            return Whole;
        }
        if (string.IsNullOrEmpty(count))
        {
            throw new InputException("JOB_COMPLETION_INDEX", "is set but JOB_COMPLETIONS is not: cannot tell how many shards there are");
        }
        return Parse($"{index}/{count}");
    }

    /// <summary>This shard's slice of <paramref name="total"/> items: [start, end).</summary>
    public (int Start, int End) Range(int total) => ((int)((long)total * Index / Count), (int)((long)total * (Index + 1) / Count));

    public override string ToString() => $"{Index}/{Count}";
}
