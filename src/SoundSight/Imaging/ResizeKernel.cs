namespace SoundSight.Imaging;

/// <summary>
/// Pillow's bicubic resampling coefficients along one axis (Resample.c precompute_coeffs: support scaled by the
/// reduction factor, a = -0.5, normalised, then fixed point with 22 fractional bits): for each output index, the
/// first input it reads, how many, and their weights. Immutable, so one instance serves every picture of a size.
/// </summary>
public sealed class ResizeKernel
{
    /// <summary>Fractional bits of the fixed-point weights (Pillow's PRECISION_BITS).</summary>
    public const int PrecisionBits = 32 - 8 - 2;

    private readonly int[] _weights;
    private readonly int[] _bounds;

    public ResizeKernel(int inSize, int outSize)
    {
        if (inSize <= 0 || outSize <= 0)
        {
            throw new ArgumentException($"resize from {inSize} to {outSize} pixels");
        }
        InSize = inSize;
        OutSize = outSize;
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(1.0, scale);
        var support = 2.0 * filterScale;
        Taps = ((int)Math.Ceiling(support) * 2) + 1;
        _weights = new int[outSize * Taps];
        _bounds = new int[outSize * 2];
        var weights = new double[Taps];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max(0, (int)(center - support + 0.5));
            var xmax = Math.Min(inSize, (int)(center + support + 0.5)) - xmin;
            var sum = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                weights[x] = Filter((x + xmin - center + 0.5) * ss);
                sum += weights[x];
            }
            for (var x = 0; x < xmax; x++)
            {
                var w = sum != 0.0 ? weights[x] / sum : weights[x];
                _weights[(xx * Taps) + x] = w < 0 ? (int)(-0.5 + (w * (1 << PrecisionBits))) : (int)(0.5 + (w * (1 << PrecisionBits)));
            }
            _bounds[xx * 2] = xmin;
            _bounds[(xx * 2) + 1] = xmax;
        }
    }

    public int InSize { get; }

    public int OutSize { get; }

    /// <summary>Weights stored per output index (the longest run of inputs any output reads).</summary>
    public int Taps { get; }

    /// <summary>Pillow skips an axis whose size does not change.</summary>
    public bool IsIdentity => InSize == OutSize;

    public int First(int output) => _bounds[output * 2];

    public int Count(int output) => _bounds[(output * 2) + 1];

    public ReadOnlySpan<int> Weights(int output) => _weights.AsSpan(output * Taps, Count(output));

    /// <summary>The inputs [first, end) that outputs [start, start + count) read (Pillow's bounds are monotone).</summary>
    public (int First, int End) InputRange(int start, int count) =>
        IsIdentity ? (start, start + count) : (First(start), First(start + count - 1) + Count(start + count - 1));

    private static double Filter(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }
        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a : 0.0;
    }
}
