using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Study;

/// <summary>A metric over the seeds of one cell: every value, their mean and the sample standard deviation.</summary>
public sealed record SeedSpread(IReadOnlyList<double> Values)
{
    public double Mean => Values.Count == 0 ? double.NaN : Values.Average();

    /// <summary>Sample standard deviation (n - 1); 0 for a single seed.</summary>
    public double StandardDeviation
    {
        get
        {
            if (Values.Count < 2)
            {
                return 0;
            }
            var mean = Mean;
            return Math.Sqrt(Values.Sum(v => (v - mean) * (v - mean)) / (Values.Count - 1));
        }
    }

    public double Min => Values.Count == 0 ? double.NaN : Values.Min();

    public double Max => Values.Count == 0 ? double.NaN : Values.Max();
}

/// <summary>
/// Two cells compared on one set, paired two ways. Over seeds: the per-seed differences of a metric and the exact
/// two-sided sign-flip permutation test of their mean (every one of the 2^n sign patterns; with 3 seeds the smallest
/// possible p is 0.25, so three seeds alone can never be "significant"). Over test items: for IIoU every (picture,
/// seed) pair is a paired trial of success (every sound of the picture at IoU >= 0.5), for cIoU every (entry, seed)
/// pair (IoU >= 0.5); the exact McNemar test counts the trials where only one cell succeeds, summed over the shared
/// seeds.
/// </summary>
public sealed record PairedComparison(
    string First,
    string Second,
    string Set,
    string Metric,
    IReadOnlyList<ulong> Seeds,
    IReadOnlyList<double> Differences,
    double SignFlipP,
    int OnlyFirst,
    int OnlySecond,
    int Trials,
    double McNemarP)
{
    public double MeanDifference => Differences.Count == 0 ? double.NaN : Differences.Average();
}

public static class StudyStatistics
{
    /// <summary>Exact two-sided sign-flip permutation p-value of the mean of paired differences.</summary>
    public static double SignFlipP(IReadOnlyList<double> differences)
    {
        var n = differences.Count;
        if (n == 0)
        {
            return 1;
        }
        if (n > 20)
        {
            throw new ArgumentException("the exact sign-flip test enumerates 2^n patterns; n must be at most 20");
        }
        var observed = Math.Abs(differences.Sum());
        var atLeast = 0;
        var patterns = 1 << n;
        for (var mask = 0; mask < patterns; mask++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += (mask & (1 << i)) != 0 ? -differences[i] : differences[i];
            }
            // A relative tolerance so that ties (e.g. the pattern itself) count despite rounding.
            if (Math.Abs(sum) >= observed - (1e-12 * Math.Max(1, observed)))
            {
                atLeast++;
            }
        }
        return (double)atLeast / patterns;
    }

    /// <summary>Success per picture (all its sounds at IoU >= 0.5, what IIoU counts) or per entry (what cIoU counts).</summary>
    private static Dictionary<string, bool> Success(IReadOnlyList<SampleResult> results, bool byPicture)
    {
        var success = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var key = byPicture ? r.Group : r.Name;
            var hit = r.Score.Iou >= 0.5;
            success[key] = success.TryGetValue(key, out var so) ? so && hit : hit;
        }
        return success;
    }

    /// <summary>
    /// Compares two cells on one set: <paramref name="first"/> and <paramref name="second"/> map a seed to that run's
    /// summary value of <paramref name="metric"/> (cIoU or IIoU) and its per-sample results; only seeds both have are
    /// paired.
    /// </summary>
    public static PairedComparison Compare(
        string firstName,
        string secondName,
        string set,
        string metric,
        IReadOnlyDictionary<ulong, (double Value, IReadOnlyList<SampleResult> Samples)> first,
        IReadOnlyDictionary<ulong, (double Value, IReadOnlyList<SampleResult> Samples)> second)
    {
        var seeds = first.Keys.Where(second.ContainsKey).Order().ToList();
        var differences = seeds.Select(s => first[s].Value - second[s].Value).ToList();
        int onlyFirst = 0, onlySecond = 0, trials = 0;
        var byPicture = metric.StartsWith('I');
        foreach (var s in seeds)
        {
            var a = Success(first[s].Samples, byPicture);
            var b = Success(second[s].Samples, byPicture);
            if (a.Count != b.Count || a.Keys.Any(k => !b.ContainsKey(k)))
            {
                throw new ArgumentException($"{firstName} and {secondName} were not scored on the same {set} items (seed {s})");
            }
            onlyFirst += a.Count(kv => kv.Value && !b[kv.Key]);
            onlySecond += a.Count(kv => !kv.Value && b[kv.Key]);
            trials += a.Count;
        }
        return new PairedComparison(firstName, secondName, set, metric, seeds, differences, SignFlipP(differences),
            onlyFirst, onlySecond, trials, InteractiveComparison.McNemarExact(onlyFirst, onlySecond));
    }
}
