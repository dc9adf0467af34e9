using SoundSight.Evaluation;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>The plain-threshold ceiling, checked by its formula and by scoring the best continuous map for each box.</summary>
public class PlainThresholdCeilingTests
{
    private const int Size = 224;

    // M = N - N/2 - 1 = 25087 pixels above the median: a hit needs M/2 <= A <= 2M.
    private static readonly PixelBox[] Boxes =
    [
        new(0, 0, 112, 112),  // 12544 pixels: the smallest square that can be a hit (12544 >= 12543.5)
        new(0, 0, 112, 111),  // 12432: never a hit
        new(10, 10, 60, 60),  // 2500: never
        new(0, 0, 224, 224),  // 50176 > 2M: never (the whole picture)
        new(0, 0, 224, 200),  // 44800: a hit is possible
        new(0, 0, 0, 0),      // empty: never
    ];

    private static BenchmarkEntry Entry(int index, string scene, string target, PixelBox box) => new()
    {
        Index = index,
        Name = $"{scene}_{target}",
        OfficialName = $"{scene}_{target}",
        ImageCandidates = [],
        AudioCandidates = [],
        Boxes = [box],
    };

    [Fact]
    public void BestContinuousMapReachesIouHalfExactlyForTheReachableBoxes()
    {
        var scorer = new SampleScorer();
        foreach (var box in Boxes)
        {
            var reachable = PlainThresholdCeiling.Of([Entry(0, "a_b_00000", "a", box)], Size).CIoU == 1;
            // The best continuous map: distinct values, the box's pixels (in any order) above all the others.
            var gt = GroundTruthMap.FromBoxes([box], GroundTruthRule.Union, Size);
            var map = new double[Size * Size];
            var inside = 0;
            var outside = 0;
            for (var i = 0; i < map.Length; i++)
            {
                map[i] = gt.Values[i] != 0 ? 1_000_000 + inside++ : outside++;
            }
            var iou = scorer.Score(map, gt).Iou;
            Assert.Equal(reachable, iou >= 0.5);
        }
    }

    [Fact]
    public void AnInteractiveGroupCountsOnlyWhenEveryEntryCan()
    {
        var entries = new List<BenchmarkEntry>
        {
            Entry(0, "a_b_00000", "a", Boxes[0]),
            Entry(1, "a_b_00000", "b", Boxes[4]),
            Entry(2, "c_d_00001", "c", Boxes[0]),
            Entry(3, "c_d_00001", "d", Boxes[2]),
        };
        var (ciou, iiou) = PlainThresholdCeiling.Of(entries, Size);
        Assert.Equal(0.75, ciou);
        Assert.Equal(0.5, iiou);
    }
}
