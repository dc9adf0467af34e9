using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SoundSight.Maps;

/// <summary>
/// The whole-map passes of scoring (extremes, finiteness, sums, counts, normalisation, IoU), vectorised. Every
/// result is exactly what the plain loop gives: element-wise operations are IEEE-rounded the same way in a vector
/// lane, and the sums that are reordered hold values that are multiples of 0.5 far below 2^52, so they are exact.
/// </summary>
public static class MapMath
{
    /// <summary>Whether every value is finite: x * 0 is 0 for finite x and NaN for NaN or an infinity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = Vector<T>.Zero;
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        foreach (var v in vectors)
        {
            acc += v * Vector<T>.Zero;
        }
        var scalar = Vector.Sum(acc);
        for (var i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            scalar += values[i] * T.Zero;
        }
        return !T.IsNaN(scalar);
    }

    /// <summary>Minimum and maximum of finite values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (T Min, T Max) MinMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var min = T.PositiveInfinity;
        var max = T.NegativeInfinity;
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        if (vectors.Length > 0)
        {
            var vmin = vectors[0];
            var vmax = vectors[0];
            foreach (var v in vectors[1..])
            {
                vmin = Vector.Min(vmin, v);
                vmax = Vector.Max(vmax, v);
            }
            for (var j = 0; j < Vector<T>.Count; j++)
            {
                min = T.Min(min, vmin[j]);
                max = T.Max(max, vmax[j]);
            }
        }
        for (var i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            min = T.Min(min, values[i]);
            max = T.Max(max, values[i]);
        }
        return (min, max);
    }

    /// <summary>
    /// <see cref="AllFinite{T}"/> and <see cref="MinMax{T}"/> of float32 values in one pass, with two independent
    /// accumulators per result (a single chain of min, max or add costs its latency per vector). The extremes are
    /// meaningful only when every value is finite: the native min/max instructions do not order NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (bool Finite, float Min, float Max) FiniteMinMax(ReadOnlySpan<float> values)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var min0 = new Vector<float>(float.PositiveInfinity);
        var min1 = min0;
        var max0 = new Vector<float>(float.NegativeInfinity);
        var max1 = max0;
        var nan0 = Vector<float>.Zero;
        var nan1 = nan0;
        var i = 0;
        for (; i + 1 < vectors.Length; i += 2)
        {
            var a = vectors[i];
            var b = vectors[i + 1];
            min0 = Vector.MinNative(min0, a);
            min1 = Vector.MinNative(min1, b);
            max0 = Vector.MaxNative(max0, a);
            max1 = Vector.MaxNative(max1, b);
            nan0 += a * Vector<float>.Zero;
            nan1 += b * Vector<float>.Zero;
        }
        for (; i < vectors.Length; i++)
        {
            min0 = Vector.MinNative(min0, vectors[i]);
            max0 = Vector.MaxNative(max0, vectors[i]);
            nan0 += vectors[i] * Vector<float>.Zero;
        }
        var vmin = Vector.MinNative(min0, min1);
        var vmax = Vector.MaxNative(max0, max1);
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        for (var j = 0; j < Vector<float>.Count; j++)
        {
            min = Math.Min(min, vmin[j]);
            max = Math.Max(max, vmax[j]);
        }
        var nan = Vector.Sum(nan0 + nan1);
        for (var k = vectors.Length * Vector<float>.Count; k < values.Length; k++)
        {
            min = Math.Min(min, values[k]);
            max = Math.Max(max, values[k]);
            nan += values[k] * 0;
        }
        return (!float.IsNaN(nan), min, max);
    }

    /// <summary>Values that are float32 values held as doubles, back to float32 (exact).</summary>
    public static float[] Narrow(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        var input = MemoryMarshal.Cast<double, Vector<double>>(values);
        var output = MemoryMarshal.Cast<float, Vector<float>>(result.AsSpan());
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Vector.Narrow(input[2 * i], input[(2 * i) + 1]);
        }
        for (var i = output.Length * Vector<float>.Count; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }
        return result;
    }

    /// <summary>(x - min) / range in float32 arithmetic, widened to double (exact), into <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeSingle(ReadOnlySpan<float> map, float min, float range, Span<double> result)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(map);
        var output = MemoryMarshal.Cast<double, Vector<double>>(result);
        var vmin = new Vector<float>(min);
        var vrange = new Vector<float>(range);
        for (var i = 0; i < vectors.Length; i++)
        {
            Vector.Widen((vectors[i] - vmin) / vrange, out var low, out var high);
            output[2 * i] = low;
            output[(2 * i) + 1] = high;
        }
        for (var i = vectors.Length * Vector<float>.Count; i < map.Length; i++)
        {
            result[i] = (map[i] - min) / range;
        }
    }

    /// <summary>(x - min) / range in float32 arithmetic into float32 <paramref name="result"/> (numpy's float32 normalisation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeSingle(ReadOnlySpan<float> map, float min, float range, Span<float> result)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(map);
        var output = MemoryMarshal.Cast<float, Vector<float>>(result[..map.Length]);
        var vmin = new Vector<float>(min);
        var vrange = new Vector<float>(range);
        for (var i = 0; i < vectors.Length; i++)
        {
            output[i] = (vectors[i] - vmin) / vrange;
        }
        for (var i = vectors.Length * Vector<float>.Count; i < map.Length; i++)
        {
            result[i] = (map[i] - min) / range;
        }
    }

    /// <summary>(x - min) / range in float64 arithmetic into <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeDouble(ReadOnlySpan<double> map, double min, double range, Span<double> result)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(map);
        var output = MemoryMarshal.Cast<double, Vector<double>>(result);
        var vmin = new Vector<double>(min);
        var vrange = new Vector<double>(range);
        for (var i = 0; i < vectors.Length; i++)
        {
            output[i] = (vectors[i] - vmin) / vrange;
        }
        for (var i = vectors.Length * Vector<double>.Count; i < map.Length; i++)
        {
            result[i] = (map[i] - min) / range;
        }
    }

    /// <summary>Sum and count of non-zero values of a ground truth (values multiples of 0.5: the sum is exact).</summary>
    public static (double Sum, int NonZero) SumAndNonZero(ReadOnlySpan<double> values)
    {
        var sum = Vector<double>.Zero;
        var zeros = Vector<long>.Zero;
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        foreach (var v in vectors)
        {
            sum += v;
            // Equals gives -1 in each lane that is zero.
            zeros += Vector.Equals(v, Vector<double>.Zero);
        }
        var total = Vector.Sum(sum);
        var zeroCount = -Vector.Sum(zeros);
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length; i++)
        {
            total += values[i];
            zeroCount += values[i] == 0 ? 1 : 0;
        }
        return (total, values.Length - (int)zeroCount);
    }

    /// <summary>
    /// For (pred &gt; threshold): the sum of the ground truth under it and the number of its pixels where the ground
    /// truth is 0, i.e. sum(pred * gt) and sum(pred * (gt == 0)) of cal_CIOU (exact: multiples of 0.5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Intersection, double Outside) Overlap(ReadOnlySpan<double> pred, ReadOnlySpan<double> gt, double threshold)
    {
        var p = MemoryMarshal.Cast<double, Vector<double>>(pred);
        var g = MemoryMarshal.Cast<double, Vector<double>>(gt);
        var t = new Vector<double>(threshold);
        var inter = Vector<double>.Zero;
        var outside = Vector<long>.Zero;
        for (var i = 0; i < p.Length; i++)
        {
            var above = Vector.GreaterThan(p[i], t);
            inter += Vector.ConditionalSelect(above, g[i], Vector<double>.Zero);
            outside += above & Vector.Equals(g[i], Vector<double>.Zero);
        }
        double intersection = Vector.Sum(inter);
        double outsideCount = -Vector.Sum(outside);
        for (var i = p.Length * Vector<double>.Count; i < pred.Length; i++)
        {
            if (pred[i] > threshold)
            {
                if (gt[i] != 0)
                {
                    intersection += gt[i];
                }
                else
                {
                    outsideCount += 1;
                }
            }
        }
        return (intersection, outsideCount);
    }

    /// <summary>The number of values above <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountAbove(ReadOnlySpan<double> values, double threshold)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        var t = new Vector<double>(threshold);
        var count = Vector<long>.Zero;
        foreach (var v in vectors)
        {
            count += Vector.GreaterThan(v, t);
        }
        var total = -Vector.Sum(count);
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length; i++)
        {
            total += values[i] > threshold ? 1 : 0;
        }
        return (int)total;
    }

    /// <summary>The number of float32 values above <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountAbove(ReadOnlySpan<float> values, float threshold)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var t = new Vector<float>(threshold);
        var count = Vector<int>.Zero;
        foreach (var v in vectors)
        {
            count += Vector.GreaterThan(v, t);
        }
        var total = -Vector.Sum(count);
        for (var i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            total += values[i] > threshold ? 1 : 0;
        }
        return total;
    }

    /// <summary>The pixels of a size x size float32 map inside <paramref name="box"/> that lie above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountAboveInBox(ReadOnlySpan<float> pred, int size, PixelBox box, float threshold)
    {
        var inside = 0;
        for (var y = box.Y1; y < box.Y2; y++)
        {
            inside += CountAbove(pred.Slice((y * size) + box.X1, box.X2 - box.X1), threshold);
        }
        return inside;
    }

    /// <summary>
    /// <see cref="Overlap"/> for a ground truth that is one box holding <paramref name="value"/>: the pixels above the
    /// threshold inside the box give the intersection, the others lie where the ground truth is 0.
    /// </summary>
    public static (double Intersection, double Outside) BoxOverlap(ReadOnlySpan<double> pred, int size, PixelBox box, double value, double threshold)
    {
        var inside = CountAboveInBox(pred, size, box, threshold);
        return (inside * value, CountAbove(pred, threshold) - inside);
    }

    /// <summary>The pixels of a size x size map inside <paramref name="box"/> that lie above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountAboveInBox(ReadOnlySpan<double> pred, int size, PixelBox box, double threshold)
    {
        var inside = 0;
        for (var y = box.Y1; y < box.Y2; y++)
        {
            inside += CountAbove(pred.Slice((y * size) + box.X1, box.X2 - box.X1), threshold);
        }
        return inside;
    }
}
