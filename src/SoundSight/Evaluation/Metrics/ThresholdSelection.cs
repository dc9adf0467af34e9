using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;
using SoundSight.Maps;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// The k-th smallest value of a map, which is what the official <c>np.sort(pred.flatten())[k]</c> picks, found in
/// O(N) instead of a full sort: one counting pass over 4,096 value buckets, then a quickselect among the few values
/// of the bucket that holds rank k. Both thresholds of a sample (median and adaptive) come from the same passes.
/// </summary>
public static class ThresholdSelection
{
    private const int Buckets = 4096;

    /// <summary>Below this size a plain quickselect is as fast as counting.</summary>
    private const int SmallInput = 1024;

    /// <summary>The value at index <paramref name="k"/> of the sorted values (0-based).</summary>
    /// <param name="scratch">Work space of at least values.Length, overwritten.</param>
    public static double KthSmallest(ReadOnlySpan<double> values, int k, Span<double> scratch) => KthSmallestPair(values, k, k, scratch).First;

    /// <summary>The values at indices <paramref name="first"/> and <paramref name="second"/> of the sorted values.</summary>
    /// <param name="scratch">Work space of at least values.Length, overwritten.</param>
    public static (double First, double Second) KthSmallestPair(ReadOnlySpan<double> values, int first, int second, Span<double> scratch)
    {
        var (x1, x2, _, _) = KthSmallestPairAndCounts(values, first, second, scratch);
        return (x1, x2);
    }

    /// <summary>
    /// <see cref="KthSmallestPair"/>, and how many values lie above each of the two (the pixels a strict threshold
    /// at that value keeps), counted without another pass over the map: the buckets below the one that holds a
    /// value hold only smaller values (equal values share a bucket), so the count is the values in lower buckets
    /// plus those of its own bucket not above it, taken from the total.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second, int AboveFirst, int AboveSecond) KthSmallestPairAndCounts(ReadOnlySpan<double> values, int first, int second, Span<double> scratch)
    {
        foreach (var k in (ReadOnlySpan<int>)[first, second])
        {
            if ((uint)k >= (uint)values.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"index {k} outside a map of {values.Length} values");
            }
        }
        if (scratch.Length < values.Length)
        {
            throw new ArgumentException($"scratch holds {scratch.Length} values, the map {values.Length}", nameof(scratch));
        }
        var (min, max) = MapMath.MinMax(values);
        if (min == max)
        {
            return (min, min, 0, 0);
        }
        var range = max - min;
        var scale = Buckets / range;
        if (values.Length < SmallInput || !double.IsFinite(range) || !double.IsFinite(scale) || scale <= 0)
        {
            var all = scratch[..values.Length];
            values.CopyTo(all);
            var a = Quickselect(all, first);
            var b = Quickselect(all, second);
            return (a, b, MapMath.CountAbove(values, a), MapMath.CountAbove(values, b));
        }
        // The bucket index is a composition of monotone roundings of x, so x < y never puts y in a lower bucket:
        // the buckets partition the sorted order, and rank k lies in the bucket where the running count passes k.
        var ids = ArrayPool<int>.Shared.Rent(values.Length);
        try
        {
            Span<int> counts = stackalloc int[Buckets];
            BucketIds(values, min, scale, ids);
            foreach (var id in ids.AsSpan(0, values.Length))
            {
                counts[id]++;
            }
            var (b1, below1) = BucketOfRank(counts, first);
            var (b2, below2) = BucketOfRank(counts, second);
            var n1 = counts[b1];
            var in1 = scratch[..n1];
            var in2 = scratch.Slice(n1, b2 == b1 ? 0 : counts[b2]);
            Collect(values, ids, b1, b2, in1, in2);
            var x1 = Quickselect(in1, first - below1);
            var x2 = b2 == b1 ? Quickselect(in1, second - below1) : Quickselect(in2, second - below2);
            var n = values.Length;
            var above1 = n - below1 - CountNotAbove<double>(in1, x1);
            var above2 = n - below2 - CountNotAbove<double>(b2 == b1 ? in1 : in2, x2);
            return (x1, x2, above1, above2);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>
    /// <see cref="KthSmallestPairAndCounts(ReadOnlySpan{double}, int, int, Span{double})"/> for float32 maps (the
    /// common case: maps saved or computed in float32), in float32 arithmetic: twice the values per vector, and the
    /// bucket of a value is recomputed instead of stored, so the map is read twice and nothing else is written.
    /// The results are the same values and counts the double path gives on the same values widened.
    /// </summary>
    /// <param name="extremes">The values' minimum and maximum when known (a normalised map's are 0 and 1), which
    /// saves a pass; found here when null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second, int AboveFirst, int AboveSecond) KthSmallestPairAndCounts(ReadOnlySpan<float> values, int first, int second, Span<float> scratch,
        (float Min, float Max)? extremes = null)
    {
        foreach (var k in (ReadOnlySpan<int>)[first, second])
        {
            if ((uint)k >= (uint)values.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"index {k} outside a map of {values.Length} values");
            }
        }
        if (scratch.Length < values.Length)
        {
            throw new ArgumentException($"scratch holds {scratch.Length} values, the map {values.Length}", nameof(scratch));
        }
        var (min, max) = extremes ?? MapMath.MinMax(values);
        if (min == max)
        {
            return (min, min, 0, 0);
        }
        var range = max - min;
        var scale = Buckets / range;
        if (values.Length < SmallInput || !float.IsFinite(range) || !float.IsFinite(scale) || scale <= 0)
        {
            var all = scratch[..values.Length];
            values.CopyTo(all);
            var a = Quickselect(all, first);
            var b = Quickselect(all, second);
            return (a, b, MapMath.CountAbove(values, a), MapMath.CountAbove(values, b));
        }
        Span<int> counts = stackalloc int[Buckets];
        counts.Clear();
        Count(values, min, scale, counts);
        var (b1, below1) = BucketOfRank(counts, first);
        var (b2, below2) = BucketOfRank(counts, second);
        var n1 = counts[b1];
        var in1 = scratch[..n1];
        var in2 = scratch.Slice(n1, b2 == b1 ? 0 : counts[b2]);
        Collect(values, min, scale, b1, b2, in1, in2);
        var x1 = Quickselect(in1, first - below1);
        var x2 = b2 == b1 ? Quickselect(in1, second - below1) : Quickselect(in2, second - below2);
        var n = values.Length;
        var above1 = n - below1 - CountNotAbove<float>(in1, x1);
        var above2 = n - below2 - CountNotAbove<float>(b2 == b1 ? in1 : in2, x2);
        return (x1, x2, above1, above2);
    }

    /// <summary>
    /// The histogram of float32 buckets, min((int)((v - min) * scale), Buckets - 1) in float32: a composition of
    /// monotone roundings, as for doubles. Two histograms (even and odd vectors) halve the chains of increments of
    /// one counter that smooth maps, whose neighbours share buckets, would make.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count(ReadOnlySpan<float> values, float min, float scale, Span<int> counts)
    {
        const int Chunk = 256;
        var vmin = new Vector<float>(min);
        var vscale = new Vector<float>(scale);
        var last = new Vector<int>(Buckets - 1);
        Span<int> odd = stackalloc int[Buckets];
        odd.Clear();
        // Bucket ids go through a small buffer: vectors in, scalar increments out.
        Span<int> ids = stackalloc int[Chunk];
        var idVectors = MemoryMarshal.Cast<int, Vector<int>>(ids);
        var whole = values.Length / Chunk * Chunk;
        for (var start = 0; start < whole; start += Chunk)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values.Slice(start, Chunk));
            for (var i = 0; i < vectors.Length; i++)
            {
                idVectors[i] = Vector.Min(Vector.ConvertToInt32((vectors[i] - vmin) * vscale), last);
            }
            for (var j = 0; j < Chunk; j += 2)
            {
                counts[ids[j]]++;
                odd[ids[j + 1]]++;
            }
        }
        for (var j = whole; j < values.Length; j++)
        {
            counts[Bucket(values[j], min, scale)]++;
        }
        for (var b = 0; b < Buckets; b++)
        {
            counts[b] += odd[b];
        }
    }

    /// <summary>The float32 values of buckets b1 and b2 (b2 may equal b1), in order, into in1 and in2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Collect(ReadOnlySpan<float> values, float min, float scale, int b1, int b2, Span<float> in1, Span<float> in2)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var vmin = new Vector<float>(min);
        var vscale = new Vector<float>(scale);
        var last = new Vector<int>(Buckets - 1);
        var v1 = new Vector<int>(b1);
        var v2 = new Vector<int>(b2);
        int i1 = 0, i2 = 0;
        for (var i = 0; i < vectors.Length; i++)
        {
            var ids = Vector.Min(Vector.ConvertToInt32((vectors[i] - vmin) * vscale), last);
            if (Vector.EqualsAny(ids, v1) || Vector.EqualsAny(ids, v2))
            {
                for (var j = 0; j < Vector<int>.Count; j++)
                {
                    Take(vectors[i][j], ids[j], b1, b2, in1, in2, ref i1, ref i2);
                }
            }
        }
        for (var j = vectors.Length * Vector<float>.Count; j < values.Length; j++)
        {
            Take(values[j], Bucket(values[j], min, scale), b1, b2, in1, in2, ref i1, ref i2);
        }
    }

    private static int Bucket(float v, float min, float scale) => Math.Min((int)((v - min) * scale), Buckets - 1);

    /// <summary>Bucket of every value: min((int)((v - min) * scale), Buckets - 1), lane by lane as the scalar cast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BucketIds(ReadOnlySpan<double> values, double min, double scale, Span<int> ids)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        var output = MemoryMarshal.Cast<int, Vector<int>>(ids);
        var vmin = new Vector<double>(min);
        var vscale = new Vector<double>(scale);
        var last = new Vector<long>(Buckets - 1);
        var pairs = vectors.Length / 2;
        for (var i = 0; i < pairs; i++)
        {
            var low = Vector.Min(Vector.ConvertToInt64((vectors[2 * i] - vmin) * vscale), last);
            var high = Vector.Min(Vector.ConvertToInt64((vectors[(2 * i) + 1] - vmin) * vscale), last);
            output[i] = Vector.Narrow(low, high);
        }
        for (var i = pairs * Vector<int>.Count; i < values.Length; i++)
        {
            ids[i] = Bucket(values[i], min, scale);
        }
    }

    /// <summary>The values of buckets b1 and b2 (b2 may equal b1), in order, into in1 and in2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Collect(ReadOnlySpan<double> values, int[] ids, int b1, int b2, Span<double> in1, Span<double> in2)
    {
        var idVectors = MemoryMarshal.Cast<int, Vector<int>>(ids.AsSpan(0, values.Length));
        var v1 = new Vector<int>(b1);
        var v2 = new Vector<int>(b2);
        int i1 = 0, i2 = 0;
        var width = Vector<int>.Count;
        // Almost every vector of ids holds neither bucket, so the scalar work is for the few that do.
        for (var i = 0; i < idVectors.Length; i++)
        {
            if (Vector.EqualsAny(idVectors[i], v1) || Vector.EqualsAny(idVectors[i], v2))
            {
                for (var j = i * width; j < (i + 1) * width; j++)
                {
                    Take(values[j], ids[j], b1, b2, in1, in2, ref i1, ref i2);
                }
            }
        }
        for (var j = idVectors.Length * width; j < values.Length; j++)
        {
            Take(values[j], ids[j], b1, b2, in1, in2, ref i1, ref i2);
        }
    }

    /// <summary>How many of a bucket's values are at most <paramref name="x"/> (a bucket holds few values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNotAbove<T>(ReadOnlySpan<T> bucket, T x)
        where T : INumber<T>
    {
        var count = 0;
        foreach (var v in bucket)
        {
            count += v <= x ? 1 : 0;
        }
        return count;
    }

    /// <summary>A value into the list of its bucket when that is b1 or b2.</summary>
    private static void Take<T>(T v, int id, int b1, int b2, Span<T> in1, Span<T> in2, ref int i1, ref int i2)
    {
        if (id == b1)
        {
            in1[i1++] = v;
        }
        else if (id == b2)
        {
            in2[i2++] = v;
        }
    }

    private static int Bucket(double v, double min, double scale) => Math.Min((int)((v - min) * scale), Buckets - 1);

    /// <summary>The bucket holding rank k and the number of values in the buckets below it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Bucket, int Below) BucketOfRank(ReadOnlySpan<int> counts, int k)
    {
        var below = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            if (below + counts[b] > k)
            {
                return (b, below);
            }
            below += counts[b];
        }
        throw new InvalidOperationException("rank beyond the counted values");
    }

    /// <summary>In-place quickselect (median-of-three pivots, Hoare partition): the k-th smallest of a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Quickselect<T>(Span<T> a, int k)
        where T : INumber<T>
    {
        var lo = 0;
        var hi = a.Length - 1;
        while (hi > lo)
        {
            // Median of three as pivot, which also keeps sorted and constant inputs linear.
            var mid = lo + ((hi - lo) / 2);
            if (a[mid] < a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }
            if (a[hi] < a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }
            if (a[hi] < a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }
            var pivot = a[mid];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and everything strictly between equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }
        return a[k];
    }
}
