using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Maps;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// The float32 scoring path (float32 maps normalised and scored without widening to doubles) gives exactly what the
/// double path and a plain sort give on the same values.
/// </summary>
public class Float32ScoringTests
{
    private const int N = 224 * 224;

    [Fact]
    public void FloatBucketSelectionPicksWhatASortPicksOnAnyDistribution()
    {
        var random = new Random(23);
        var scratch = new float[N];
        Func<int, float>[] shapes =
        [
            _ => random.NextSingle(),
            _ => MathF.Round(random.NextSingle(), 2),
            i => i == 7 ? 1e6f : random.NextSingle(),
            _ => MathF.Pow(random.NextSingle(), 40),
            _ => -random.NextSingle() * 1e-38f,
            _ => 3.25f,
            i => i % 2 == 0 ? 0 : 1,
            _ => 1 + ((random.Next(5) * MathF.BitIncrement(1f)) - 1),
            i => MathF.Sin(i) * 1e30f,
            i => i % 3 == 0 ? float.MaxValue : float.MinValue,
        ];
        foreach (var shape in shapes)
        {
            var values = Enumerable.Range(0, N).Select(shape).ToArray();
            var sorted = values.Order().ToArray();
            foreach (var (a, b) in new[] { (N / 2, N / 2), (N / 2, N - 1), (0, N - 3000), (N - 1, 0), (random.Next(N), random.Next(N)) })
            {
                var (x, y, aboveX, aboveY) = ThresholdSelection.KthSmallestPairAndCounts(values, a, b, scratch);
                Assert.Equal(((double)sorted[a], (double)sorted[b]), (x, y));
                Assert.Equal((values.Count(v => v > x), values.Count(v => v > y)), (aboveX, aboveY));
            }
        }
    }

    [Fact]
    public void KnownExtremesOfANormalisedMapGiveTheSameSelection()
    {
        var random = new Random(5);
        var scratch = new float[N];
        for (var trial = 0; trial < 10; trial++)
        {
            var raw = Enumerable.Range(0, N).Select(i => (float)(Math.Exp(-(i % 224) / 30.0) + (0.3 * random.NextDouble()))).ToArray();
            var map = PredictionMap.FromFloat32(raw);
            Assert.Equal((0f, 1f), map.SingleExtremes);
            Assert.Equal(MapMath.MinMax<float>(map.Singles!), map.SingleExtremes);
            var ranks = (N / 2, random.Next(N));
            Assert.Equal(
                ThresholdSelection.KthSmallestPairAndCounts(map.Singles!, ranks.Item1, ranks.Item2, scratch),
                ThresholdSelection.KthSmallestPairAndCounts(map.Singles!, ranks.Item1, ranks.Item2, scratch, map.SingleExtremes));
        }
    }

    [Fact]
    public void FiniteMinMaxFindsExtremesAndEveryNonFiniteValue()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 7, 16, 1003, N })
        {
            var values = Enumerable.Range(0, length).Select(_ => (random.NextSingle() * 200) - 100).ToArray();
            Assert.Equal((true, values.Min(), values.Max()), MapMath.FiniteMinMax(values));
            foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                // First value, last value (a vector tail for most lengths) and one in the middle.
                foreach (var at in new[] { 0, length - 1, length / 2 })
                {
                    var copy = values.ToArray();
                    copy[at] = bad;
                    Assert.False(MapMath.FiniteMinMax(copy).Finite, $"{bad} at {at} of {length}");
                }
            }
        }
    }

    [Fact]
    public void Float32ScoringEqualsTheDoublePathOnTheSameValues()
    {
        var random = new Random(29);
        var scorer = new SampleScorer();
        var boxes = new List<PixelBox> { new(0, 0, 224, 224), new(10, 20, 11, 21), new(100, 0, 224, 50) };
        for (var trial = 0; trial < 20; trial++)
        {
            var x1 = random.Next(0, 224);
            var y1 = random.Next(0, 224);
            boxes.Add(new PixelBox(x1, y1, random.Next(x1 + 1, 225), random.Next(y1 + 1, 225)));
        }
        foreach (var (box, trial) in boxes.Select((b, i) => (b, i)))
        {
            // Coarse values on some trials, so thresholds fall on ties.
            var raw = Enumerable.Range(0, N).Select(_ => trial % 3 == 0 ? MathF.Round(random.NextSingle(), 1) : random.NextSingle() * 7).ToArray();
            var map = PredictionMap.FromFloat32(raw);
            Assert.NotNull(map.Singles);
            Assert.Equal(PredictionMap.NormalizeSingle(raw), map.Values);
            foreach (var rule in new[] { GroundTruthRule.Union, GroundTruthRule.AnnotatorConsensus })
            {
                var gt = GroundTruthMap.FromBoxes([box], rule, 224);
                Assert.Equal(scorer.Score(map.Values, gt), scorer.Score(map, gt));
            }
        }
        var constant = PredictionMap.FromFloat32(Enumerable.Repeat(0.25f, N).ToArray());
        var one = GroundTruthMap.FromBoxes([new PixelBox(3, 4, 50, 60)], GroundTruthRule.Union, 224);
        Assert.Equal(scorer.Score(constant.Values, one), scorer.Score(constant, one));
    }
}
