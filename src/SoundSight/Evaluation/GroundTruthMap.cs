using SoundSight.IO;

namespace SoundSight.Evaluation;

/// <summary>A ground-truth map on the evaluation grid, values in {0, 0.5, 1}.</summary>
public sealed class GroundTruthMap
{
    public GroundTruthMap(double[] values, int size)
    {
        if (values.Length != size * size)
        {
            throw new ArgumentException($"ground truth holds {values.Length} values, expected {size} x {size}");
        }
        Values = values;
        Size = size;
        foreach (var v in values)
        {
            Sum += v;
            if (v != 0)
            {
                NonZero++;
            }
        }
    }

    public double[] Values { get; }

    public int Size { get; }

    /// <summary>np.sum(gt): exact (values are multiples of 0.5, far below 2^52).</summary>
    public double Sum { get; }

    /// <summary>(gt != 0).sum(): the k of the adaptive threshold.</summary>
    public int NonZero { get; }

    /// <summary>bbox2gtmap: boxes filled as numpy slices, then union or annotator consensus.</summary>
    public static GroundTruthMap FromBoxes(IReadOnlyList<PixelBox> boxes, GroundTruthRule rule, int size)
    {
        var counts = new double[size * size];
        foreach (var b in boxes)
        {
            if (b.X1 < 0 || b.Y1 < 0 || b.X2 > size || b.Y2 > size)
            {
                throw new ArgumentException($"box {b} is outside the {size} x {size} map");
            }
            for (var y = b.Y1; y < b.Y2; y++)
            {
                for (var x = b.X1; x < b.X2; x++)
                {
                    counts[(y * size) + x] += 1;
                }
            }
        }
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = rule == GroundTruthRule.Union ? (counts[i] > 0 ? 1 : 0) : Math.Min(1.0, counts[i] / 2);
        }
        return new GroundTruthMap(counts, size);
    }

    /// <summary>A segmentation mask (any pixel value above 0 counts, as the authors' mask loaders threshold at 0).</summary>
    public static GroundTruthMap FromMask(ReadOnlySpan<double> mask, int size, string entry)
    {
        if (mask.Length != size * size)
        {
            throw new InputException(entry, $"mask has {mask.Length} pixels, expected {size} x {size}");
        }
        var values = new double[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            values[i] = mask[i] > 0 ? 1 : 0;
        }
        return new GroundTruthMap(values, size);
    }
}
