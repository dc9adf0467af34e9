using SoundSight.Evaluation;
using SoundSight.Study;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Study;

public sealed class StudyStatisticsTests
{
    [Fact]
    public void SignFlipIsExactOverEveryPattern()
    {
        // All three differences positive: only the all-plus and all-minus patterns reach |sum| = 6, so p = 2/8.
        Assert.Equal(0.25, StudyStatistics.SignFlipP([0.01, 0.02, 0.03]));
        // The 8 sign patterns of (4, 2, 1) sum to +-7, +-5, +-3, +-1; the observed 4 + 2 - 1 = 5 is reached by 4 of 8.
        Assert.Equal(0.5, StudyStatistics.SignFlipP([0.04, 0.02, -0.01]));
        Assert.Equal(1.0, StudyStatistics.SignFlipP([1, -1]));
        Assert.Equal(1.0, StudyStatistics.SignFlipP([]));
    }

    [Fact]
    public void SeedSpreadIsTheMeanAndSampleStandardDeviation()
    {
        var s = new SeedSpread([0.40, 0.50, 0.60]);
        Assert.Equal(0.5, s.Mean, 12);
        Assert.Equal(0.1, s.StandardDeviation, 12);
        Assert.Equal(0.4, s.Min);
        Assert.Equal(0.6, s.Max);
        Assert.Equal(0, new SeedSpread([0.3]).StandardDeviation);
    }

    [Fact]
    public void McNemarPoolsPicturesOverSeedsAndSignFlipPairsSeeds()
    {
        // Two pictures of two sounds each. Seed 0: A gets picture p1 fully right, B gets nothing; seed 1: both
        // get p1, only B gets p2. IIoU trials: (p1, 0) A only, (p2, 1) B only.
        static SampleResult R(int i, string group, double iou) => new()
        {
            Index = i,
            Name = $"{group}_{i}",
            Group = group,
            Score = new SampleScore(iou, iou, 0.5, 0.5, 100),
        };
        var a0 = new[] { R(0, "p1", 0.9), R(1, "p1", 0.8), R(2, "p2", 0.9), R(3, "p2", 0.1) };
        var b0 = new[] { R(0, "p1", 0.9), R(1, "p1", 0.2), R(2, "p2", 0.1), R(3, "p2", 0.1) };
        var a1 = new[] { R(0, "p1", 0.9), R(1, "p1", 0.8), R(2, "p2", 0.9), R(3, "p2", 0.1) };
        var b1 = new[] { R(0, "p1", 0.9), R(1, "p1", 0.8), R(2, "p2", 0.9), R(3, "p2", 0.7) };
        var first = new Dictionary<ulong, (double, IReadOnlyList<SampleResult>)> { [0] = (0.5, a0), [1] = (0.5, a1) };
        var second = new Dictionary<ulong, (double, IReadOnlyList<SampleResult>)> { [0] = (0.0, b0), [1] = (1.0, b1), [7] = (0.3, b1) };
        var iiou = StudyStatistics.Compare("a", "b", "held_out", "IIoU", first, second);
        Assert.Equal([0UL, 1UL], iiou.Seeds); // seed 7 has no partner
        Assert.Equal(1, iiou.OnlyFirst);
        Assert.Equal(1, iiou.OnlySecond);
        Assert.Equal(4, iiou.Trials);
        Assert.Equal(1.0, iiou.McNemarP);
        Assert.Equal([0.5, -0.5], iiou.Differences);
        Assert.Equal(0.0, iiou.MeanDifference);

        // cIoU pairs entries: seed 0, entries 1 and 2 only A; seed 1, entry 3 only B.
        var ciou = StudyStatistics.Compare("a", "b", "held_out", "cIoU", first, second);
        Assert.Equal(2, ciou.OnlyFirst);
        Assert.Equal(1, ciou.OnlySecond);
        Assert.Equal(8, ciou.Trials);
        Assert.Equal(InteractiveComparison.McNemarExact(2, 1), ciou.McNemarP);
    }
}
