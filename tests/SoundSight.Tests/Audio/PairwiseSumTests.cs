using System.Runtime.Intrinsics;
using SoundSight.Audio;

namespace SoundSight.Tests.Audio;

public sealed class PairwiseSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(300)]
    [InlineData(512)]
    [InlineData(1031)]
    public void FourLanesGiveTheBitsOfFourScalarSums(int n)
    {
        // Values spanning many magnitudes make every change of addition order show in the last bits.
        var rng = new Random(n);
        var lanes = new double[4][];
        for (var j = 0; j < 4; j++)
        {
            lanes[j] = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 9))).ToArray();
        }
        lanes[3][0] = -0.0;
        var packed = Enumerable.Range(0, n).Select(i => Vector256.Create(lanes[0][i], lanes[1][i], lanes[2][i], lanes[3][i])).ToArray();
        var sums = PairwiseSum.SumLanes(packed);
        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(PairwiseSum.Sum(lanes[j])), BitConverter.DoubleToInt64Bits(sums.GetElement(j)));
        }
    }
}
