namespace SoundSight.Evaluation;

/// <summary>
/// The k-th smallest value of a map, which is what the official <c>np.sort(pred.flatten())[k]</c> picks, found in
/// O(N) by quickselect (median-of-three pivots, Hoare partition) on a scratch copy instead of a full sort.
/// </summary>
public static class ThresholdSelection
{
    /// <summary>The value at index <paramref name="k"/> of the sorted values (0-based).</summary>
    /// <param name="scratch">Work space of at least values.Length, overwritten.</param>
    public static double KthSmallest(ReadOnlySpan<double> values, int k, Span<double> scratch)
    {
        if ((uint)k >= (uint)values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"index {k} outside a map of {values.Length} values");
        }
        var a = scratch[..values.Length];
        values.CopyTo(a);
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
