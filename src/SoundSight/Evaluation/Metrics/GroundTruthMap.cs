using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// A ground-truth map on the evaluation grid, values in {0, 0.5, 1}. A single box (most entries of IS3, AVSBench and
/// VPO) is kept as its rectangle, so scoring counts pixels inside it instead of building and scanning a dense map;
/// <see cref="Values"/> materialises the dense map for the code that needs one.
/// </summary>
public sealed class GroundTruthMap
{
    private double[]? _values;

    public GroundTruthMap(double[] values, int size)
    {
        if (values.Length != size * size)
        {
            throw new ArgumentException($"ground truth holds {values.Length} values, expected {size} x {size}");
        }
        _values = values;
        Size = size;
        (Sum, NonZero) = MapMath.SumAndNonZero(values);
    }

    private GroundTruthMap(PixelBox box, double value, int size)
    {
        Box = box;
        BoxValue = value;
        Size = size;
        NonZero = box.Area;
        Sum = box.Area * value;
    }

    /// <summary>The dense map, row-major.</summary>
    public double[] Values => _values ??= Materialise();

    public int Size { get; }

    /// <summary>The one non-empty box this ground truth is, with <see cref="BoxValue"/> inside; null for a dense map.</summary>
    public PixelBox? Box { get; }

    public double BoxValue { get; }

    /// <summary>np.sum(gt): exact (values are multiples of 0.5, far below 2^52).</summary>
    public double Sum { get; }

    /// <summary>(gt != 0).sum(): the k of the adaptive threshold.</summary>
    public int NonZero { get; }

    /// <summary>bbox2gtmap: boxes filled as numpy slices, then union or annotator consensus.</summary>
    public static GroundTruthMap FromBoxes(IReadOnlyList<PixelBox> boxes, GroundTruthRule rule, int size)
    {
        foreach (var b in boxes)
        {
            if (b.X1 < 0 || b.Y1 < 0 || b.X2 > size || b.Y2 > size)
            {
                throw new ArgumentException($"box {b} is outside the {size} x {size} map");
            }
        }
        if (boxes.Count == 1 && !boxes[0].IsEmpty)
        {
            // One box: 1 inside for a union, min(1, 1 / 2) for an annotator consensus.
            return new GroundTruthMap(boxes[0], rule == GroundTruthRule.Union ? 1.0 : 0.5, size);
        }
        var counts = new double[size * size];
        foreach (var b in boxes.Where(b => !b.IsEmpty))
        {
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

    private double[] Materialise()
    {
        var values = new double[Size * Size];
        var b = Box!.Value;
        for (var y = b.Y1; y < b.Y2; y++)
        {
            values.AsSpan((y * Size) + b.X1, b.X2 - b.X1).Fill(BoxValue);
        }
        return values;
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
