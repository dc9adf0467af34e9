using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SoundSight.Imaging;

namespace SoundSight.Training;

/// <summary>
/// torchvision GaussianBlur(kernel_size=3, sigma): separable kernel exp(-x^2 / 2 sigma^2) over x = -1, 0, 1,
/// reflect padding, rounded to 8 bits. Rows and columns are float sums in one fixed order (k0 a + k1 b, then
/// + k0 c), eight values at a time where the hardware allows, with the same bits as one at a time.
/// </summary>
internal static class GaussianBlur3
{
    public static RgbImage Apply(RgbImage image, double sigma)
    {
        var result = new byte[image.Pixels.Length];
        BlurInto(image.Pixels, image.Width, image.Height, PixelRect.Whole(image.Width, image.Height), sigma, result);
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    /// <summary>
    /// Writes the blurred pixels of region into destination (same layout as source, width x height); reads the
    /// source only inside region grown by one pixel.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BlurInto(byte[] source, int width, int height, PixelRect region, double sigma, byte[] destination)
    {
        var side = Math.Exp(-0.5 / (sigma * sigma));
        var sum = 1 + (2 * side);
        float k0 = (float)(side / sum), k1 = (float)(1 / sum);
        var rowFloats = region.Width * 3;
        // Horizontal sums of the region's columns for its rows and the row above and below (reflected).
        var rows = region.Height + 2;
        var horizontal = ArrayPool<float>.Shared.Rent(rows * rowFloats);
        try
        {
            fixed (byte* src = source, dst = destination)
            fixed (float* hor = horizontal)
            {
                for (var r = 0; r < rows; r++)
                {
                    var y = Reflect(region.Y0 - 1 + r, height);
                    HorizontalRow(src + (y * width * 3), width, region, k0, k1, hor + (r * rowFloats));
                }
                for (var r = 0; r < region.Height; r++)
                {
                    VerticalRow(hor + (r * rowFloats), rowFloats, k0, k1, dst + ((((region.Y0 + r) * width) + region.X0) * 3));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
        }
    }

    private static unsafe void HorizontalRow(byte* row, int width, PixelRect region, float k0, float k1, float* output)
    {
        // Interior columns (1 .. width - 2) read their neighbours three bytes away; the two edge columns reflect.
        var x = region.X0;
        for (; x < region.X1 && x < 1; x++)
        {
            Edge(x);
        }
        var end = Math.Min(region.X1, width - 1);
        var i = x * 3;
        var stop = end * 3;
        if (Avx2.IsSupported)
        {
            var v0 = Vector256.Create(k0);
            var v1 = Vector256.Create(k1);
            for (; i + 8 <= stop; i += 8)
            {
                var a = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(row + i - 3));
                var b = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(row + i));
                var c = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(row + i + 3));
                (((v0 * a) + (v1 * b)) + (v0 * c)).Store(output + (i - (region.X0 * 3)));
            }
        }
        for (; i < stop; i++)
        {
            output[i - (region.X0 * 3)] = (k0 * row[i - 3]) + (k1 * row[i]) + (k0 * row[i + 3]);
        }
        for (x = Math.Max(end, region.X0); x < region.X1; x++)
        {
            Edge(x);
        }

        void Edge(int column)
        {
            var l = Reflect(column - 1, width) * 3;
            var r = Reflect(column + 1, width) * 3;
            var o = (column - region.X0) * 3;
            for (var c = 0; c < 3; c++)
            {
                output[o + c] = (k0 * row[l + c]) + (k1 * row[(column * 3) + c]) + (k0 * row[r + c]);
            }
        }
    }

    /// <summary>One output row from the horizontal sums of the row above (up), itself and the row below.</summary>
    private static unsafe void VerticalRow(float* up, int length, float k0, float k1, byte* output)
    {
        var mid = up + length;
        var down = mid + length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v0 = Vector256.Create(k0);
            var v1 = Vector256.Create(k1);
            var max = Vector256.Create(255);
            for (; i + 32 <= length; i += 32)
            {
                var q0 = Round(0);
                var q1 = Round(8);
                var q2 = Round(16);
                var q3 = Round(24);
                Vector256.Narrow(Vector256.Narrow(q0, q1).AsUInt16(), Vector256.Narrow(q2, q3).AsUInt16()).Store(output + i);
            }

            Vector256<int> Round(int at)
            {
                var s = ((v0 * Vector256.Load(up + i + at)) + (v1 * Vector256.Load(mid + i + at))) + (v0 * Vector256.Load(down + i + at));
                var n = Vector256.ConvertToInt32(Vector256.Round(s));
                return Vector256.Min(Vector256.Max(n, Vector256<int>.Zero), max);
            }
        }
        for (; i < length; i++)
        {
            var v = (k0 * up[i]) + (k1 * mid[i]) + (k0 * down[i]);
            output[i] = (byte)Math.Clamp(MathF.Round(v, MidpointRounding.ToEven), 0, 255);
        }
    }

    private static int Reflect(int i, int n) => n == 1 ? 0 : i < 0 ? -i : i >= n ? (2 * n) - 2 - i : i;
}
