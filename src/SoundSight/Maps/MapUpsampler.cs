
namespace SoundSight.Maps;

/// <summary>
/// Bilinear upsampling of one map, in the two conventions the official evaluation mixes (see <see cref="UpsampleMode"/>).
/// Written in plain C#: the maps are tiny and the two conventions need different sample grids.
/// </summary>
public static class MapUpsampler
{
    public static float[] Upsample(ReadOnlySpan<float> map, int height, int width, int outHeight, int outWidth, UpsampleMode mode)
    {
        if (map.Length != height * width)
        {
            throw new ArgumentException($"map holds {map.Length} values, expected {height} x {width}");
        }
        var (y0, y1, wy) = Axis(height, outHeight, mode);
        var (x0, x1, wx) = Axis(width, outWidth, mode);
        var result = new float[outHeight * outWidth];
        for (var oy = 0; oy < outHeight; oy++)
        {
            var rowA = y0[oy] * width;
            var rowB = y1[oy] * width;
            var fy = wy[oy];
            for (var ox = 0; ox < outWidth; ox++)
            {
                var fx = wx[ox];
                var top = ((1 - fx) * map[rowA + x0[ox]]) + (fx * map[rowA + x1[ox]]);
                var bottom = ((1 - fx) * map[rowB + x0[ox]]) + (fx * map[rowB + x1[ox]]);
                result[(oy * outWidth) + ox] = (float)(((1 - fy) * top) + (fy * bottom));
            }
        }
        return result;
    }

    /// <summary>
    /// Bilinear align_corners=True through libtorch's F.interpolate in float32, for validators that call it on the
    /// map itself (test.py's validate): the same arithmetic, so thresholds on near-ties pick the same pixels.
    /// </summary>
    public static float[] UpsampleLibtorch(ReadOnlySpan<float> map, int height, int width, int outHeight, int outWidth)
    {
        if (map.Length != height * width)
        {
            throw new ArgumentException($"map holds {map.Length} values, expected {height} x {width}");
        }
        using var scope = TorchSharp.torch.NewDisposeScope();
        var input = TorchSharp.torch.tensor(map.ToArray(), [1, 1, height, width]);
        var output = TorchSharp.torch.nn.functional.interpolate(input, size: [outHeight, outWidth], mode: TorchSharp.torch.InterpolationMode.Bilinear, align_corners: true);
        return output.contiguous().data<float>().ToArray();
    }

    /// <summary>By a method's rule: libtorch for <see cref="MapRules.Libtorch"/>, else the C# bilinear <see cref="Upsample(ReadOnlySpan{float}, int, int, int, int, UpsampleMode)"/>.</summary>
    public static float[] Upsample(ReadOnlySpan<float> map, int height, int width, int outHeight, int outWidth, UpsampleMode mode, bool libtorch) =>
        libtorch && mode == UpsampleMode.AlignCorners ? UpsampleLibtorch(map, height, width, outHeight, outWidth) : Upsample(map, height, width, outHeight, outWidth, mode);

    /// <summary>For each output index: the two source indices and the weight of the second.</summary>
    private static (int[] Lower, int[] Upper, double[] Weight) Axis(int inSize, int outSize, UpsampleMode mode)
    {
        var lower = new int[outSize];
        var upper = new int[outSize];
        var weight = new double[outSize];
        for (var o = 0; o < outSize; o++)
        {
            double source;
            if (mode == UpsampleMode.AlignCorners)
            {
                source = outSize > 1 ? o * (inSize - 1) / (double)(outSize - 1) : 0;
            }
            else
            {
                // cv2 INTER_LINEAR: half-pixel centres, clamped at both borders.
                source = ((o + 0.5) * inSize / outSize) - 0.5;
                source = Math.Clamp(source, 0, inSize - 1);
            }
            var i = Math.Min((int)Math.Floor(source), inSize - 1);
            lower[o] = i;
            upper[o] = Math.Min(i + 1, inSize - 1);
            weight[o] = source - i;
        }
        return (lower, upper, weight);
    }
}
