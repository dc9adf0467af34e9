using System.Runtime.Intrinsics;

namespace SoundSight.Audio;

/// <summary>
/// Sums in numpy's order (pairwise_sum in numpy/core/src/umath/loops_utils.h: eight running partial sums in
/// blocks of up to 128, halves split at multiples of 8 above that, added to the reduction's initial 0). Used where
/// scipy sums (the window power, the per-segment mean) so those values agree with scipy to the last bit.
/// </summary>
internal static class PairwiseSum
{
    private const int BlockSize = 128;

    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    /// <summary>Sum of squares, in the same order (what numpy does for <c>(w * w).sum()</c>).</summary>
    public static double SumOfSquares(ReadOnlySpan<double> values)
    {
        var squares = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            squares[i] = values[i] * values[i];
        }
        return Sum(squares);
    }

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0.0;
            foreach (var value in a)
            {
                sum += value;
            }
            return sum;
        }
        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                result += a[i];
            }
            return result;
        }
        var firstHalf = n / 2;
        firstHalf -= firstHalf % 8;
        return Pairwise(a[..firstHalf]) + Pairwise(a[firstHalf..]);
    }

    /// <summary>
    /// Four sums at once, one per lane, each with exactly the additions of <see cref="Sum"/> in its order (so the
    /// same bits as summing each lane alone).
    /// </summary>
    public static Vector256<double> SumLanes(ReadOnlySpan<Vector256<double>> values) => Vector256<double>.Zero + PairwiseLanes(values);

    private static Vector256<double> PairwiseLanes(ReadOnlySpan<Vector256<double>> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = Vector256<double>.Zero;
            foreach (var value in a)
            {
                sum += value;
            }
            return sum;
        }
        if (n <= BlockSize)
        {
            Vector256<double> r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                result += a[i];
            }
            return result;
        }
        var firstHalf = n / 2;
        firstHalf -= firstHalf % 8;
        return PairwiseLanes(a[..firstHalf]) + PairwiseLanes(a[firstHalf..]);
    }
}
