using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>Picture-by-picture comparison of two methods (IIoU successes) and its exact McNemar p-value.</summary>
public sealed class InteractiveComparisonTests
{
    [Fact]
    public void McNemarMatchesTheBinomialByHandAndByEnumeration()
    {
        // 8 against 2 discordant groups: 2 * (C(10,0) + C(10,1) + C(10,2)) / 2^10.
        Assert.Equal(2.0 * (1 + 10 + 45) / 1024, InteractiveComparison.McNemarExact(8, 2), 12);
        Assert.Equal(InteractiveComparison.McNemarExact(8, 2), InteractiveComparison.McNemarExact(2, 8), 15);
        Assert.Equal(1.0, InteractiveComparison.McNemarExact(0, 0));
        Assert.Equal(1.0, InteractiveComparison.McNemarExact(5, 5));
        // Every outcome of n fair coins, counted: P(min(heads, tails) <= k), the two-sided tail.
        foreach (var (x, y) in new[] { (3, 9), (0, 6), (11, 4), (1, 1) })
        {
            var n = x + y;
            var k = Math.Min(x, y);
            var extreme = 0;
            for (var outcome = 0; outcome < 1 << n; outcome++)
            {
                var heads = System.Numerics.BitOperations.PopCount((uint)outcome);
                if (Math.Min(heads, n - heads) <= k)
                {
                    extreme++;
                }
            }
            Assert.Equal(Math.Min(1.0, extreme / (double)(1 << n)), InteractiveComparison.McNemarExact(x, y), 12);
        }
    }

    [Fact]
    public void AGroupSucceedsOnlyWhenEverySoundIsFound()
    {
        SampleResult R(string group, double iou) => new() { Index = 0, Name = group, Group = group, Score = new SampleScore(iou, iou, 0, 0, 1) };
        var first = new[] { R("a", 0.9), R("a", 0.6), R("b", 0.7), R("b", 0.2), R("c", 0.1), R("c", 0.8) };
        var second = new[] { R("a", 0.9), R("a", 0.4), R("b", 0.7), R("b", 0.2), R("c", 0.5), R("c", 0.5) };
        var test = InteractiveComparison.Of(first, second);
        Assert.Equal(3, test.Groups);
        Assert.Equal(1, test.OnlyFirst);
        Assert.Equal(1, test.OnlySecond);
        Assert.Equal(1.0, test.PValue);
        Assert.Throws<ArgumentException>(() => InteractiveComparison.Of(first, first.Take(4).ToList()));
    }
}
