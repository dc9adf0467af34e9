using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoundSight.Imaging;

/// <summary>
/// Pillow's bicubic resize of 8-bit images (Resample.c: horizontal pass then vertical pass, integer sums of
/// fixed-point weights, see <see cref="ResizeKernel"/>), so the training transform (torchvision Resize on PIL
/// images) is reproduced exactly. A window of the result can be computed alone: each output pixel depends only on
/// its own coordinates, so a resize followed by a crop needs only the cropped pixels and the inputs they read.
/// </summary>
public static class PillowResize
{
    public static RgbImage Bicubic(RgbImage image, int width, int height)
    {
        if (width == image.Width && height == image.Height)
        {
            return image;
        }
        var output = new byte[width * height * 3];
        BicubicWindow(image, new ResizeKernel(image.Width, width), new ResizeKernel(image.Height, height), 0, 0, width, height, output);
        return new RgbImage(width, height, output, image.Source);
    }

    /// <summary>
    /// Writes pixels [left, left + width) x [top, top + height) of the resize the two kernels describe into
    /// output (interleaved RGB, width x height), byte for byte what a crop of the whole resize gives.
    /// </summary>
    public static void BicubicWindow(RgbImage image, ResizeKernel horizontal, ResizeKernel vertical, int left, int top, int width, int height, Span<byte> output) =>
        BicubicWindow(image.Pixels, image.Width, image.Height, horizontal, vertical, left, top, width, height, output);

    /// <summary>The same from pixels in a buffer that may be longer than the picture (a rented one); only the inputs the window reads are read.</summary>
    public static void BicubicWindow(byte[] pixels, int sourceWidth, int sourceHeight, ResizeKernel horizontal, ResizeKernel vertical, int left, int top, int width, int height, Span<byte> output)
    {
        if (horizontal.InSize != sourceWidth || vertical.InSize != sourceHeight || pixels.Length < sourceWidth * sourceHeight * 3)
        {
            throw new ArgumentException($"kernels for {horizontal.InSize} x {vertical.InSize}, picture {sourceWidth} x {sourceHeight}");
        }
        if (left < 0 || top < 0 || left + width > horizontal.OutSize || top + height > vertical.OutSize || output.Length < width * height * 3)
        {
            throw new ArgumentException($"window {width} x {height} at ({left}, {top}) outside {horizontal.OutSize} x {vertical.OutSize}");
        }
        var (y0, y1) = vertical.InputRange(top, height);
        var rows = y1 - y0;
        var rowBytes = width * 3;
        if (horizontal.IsIdentity)
        {
            // The vertical pass reads the source's columns in place.
            Vertical(pixels, sourceWidth * 3, left * 3, 0, vertical, top, rowBytes, height, output);
            return;
        }
        var temp = ArrayPool<byte>.Shared.Rent(rowBytes * rows);
        try
        {
            Horizontal(pixels, sourceWidth, horizontal, left, width, y0, rows, temp);
            Vertical(temp, rowBytes, 0, y0, vertical, top, rowBytes, height, output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temp);
        }
    }

    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Horizontal(byte[] pixels, int sourceWidth, ResizeKernel kernel, int left, int width, int y0, int rows, byte[] temp)
    {
        var srcRow = sourceWidth * 3;
        fixed (byte* src = pixels, dst = temp)
        {
            for (var y = 0; y < rows; y++)
            {
                var row = src + ((y0 + y) * srcRow);
                var o = dst + (y * width * 3);
                var rowStart = (long)(y0 + y) * srcRow;
                for (var x = 0; x < width; x++)
                {
                    var weights = kernel.Weights(left + x);
                    var p = row + (kernel.First(left + x) * 3);
                    // The three channels of a pixel in one vector: each tap reads 4 bytes (the next pixel's red as
                    // a spare lane), so the last pixel of the buffer goes the scalar way.
                    if (Sse41.IsSupported && rowStart + ((kernel.First(left + x) + weights.Length) * 3) + 1 <= pixels.Length)
                    {
                        var sum = Vector128.Create(1 << (ResizeKernel.PrecisionBits - 1));
                        for (var k = 0; k < weights.Length; k++, p += 3)
                        {
                            sum += Sse41.ConvertToVector128Int32(p) * Vector128.Create(weights[k]);
                        }
                        var v = Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(sum, ResizeKernel.PrecisionBits), Vector128<int>.Zero), Vector128.Create(255));
                        o[0] = (byte)v.GetElement(0);
                        o[1] = (byte)v.GetElement(1);
                        o[2] = (byte)v.GetElement(2);
                        o += 3;
                        continue;
                    }
                    int s0 = 1 << (ResizeKernel.PrecisionBits - 1), s1 = s0, s2 = s0;
                    for (var k = 0; k < weights.Length; k++, p += 3)
                    {
                        var c = weights[k];
                        s0 += p[0] * c;
                        s1 += p[1] * c;
                        s2 += p[2] * c;
                    }
                    o[0] = Clip(s0);
                    o[1] = Clip(s1);
                    o[2] = Clip(s2);
                    o += 3;
                }
            }
        }
    }

    /// <summary>
    /// The vertical pass over rows of source (stride bytes each, the window's first byte at column, source row 0
    /// being input row y0), 32 bytes at a time: the same integer sums as Pillow's, so the same bytes.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vertical(byte[] source, int stride, int column, int y0, ResizeKernel kernel, int top, int rowBytes, int height, Span<byte> output)
    {
        fixed (byte* src = source, dst = output)
        {
            if (kernel.IsIdentity)
            {
                for (var y = 0; y < height; y++)
                {
                    new ReadOnlySpan<byte>(src + ((top + y - y0) * stride) + column, rowBytes).CopyTo(new Span<byte>(dst + (y * rowBytes), rowBytes));
                }
                return;
            }
            var half = Vector256.Create(1 << (ResizeKernel.PrecisionBits - 1));
            var max = Vector256.Create(255);
            for (var y = 0; y < height; y++)
            {
                var weights = kernel.Weights(top + y);
                var first = src + ((kernel.First(top + y) - y0) * stride) + column;
                var o = dst + (y * rowBytes);
                var i = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; i + 32 <= rowBytes; i += 32)
                    {
                        Vector256<int> a0 = half, a1 = half, a2 = half, a3 = half;
                        var p = first + i;
                        for (var k = 0; k < weights.Length; k++, p += stride)
                        {
                            var c = Vector256.Create(weights[k]);
                            var (lo, hi) = Vector256.Widen(Vector256.Load(p));
                            var (w0, w1) = Vector256.Widen(lo);
                            var (w2, w3) = Vector256.Widen(hi);
                            a0 += w0.AsInt32() * c;
                            a1 += w1.AsInt32() * c;
                            a2 += w2.AsInt32() * c;
                            a3 += w3.AsInt32() * c;
                        }
                        var n0 = Vector256.Narrow(Clamp(a0, max), Clamp(a1, max));
                        var n1 = Vector256.Narrow(Clamp(a2, max), Clamp(a3, max));
                        Vector256.Narrow(n0.AsUInt16(), n1.AsUInt16()).Store(o + i);
                    }
                }
                for (; i < rowBytes; i++)
                {
                    var s = 1 << (ResizeKernel.PrecisionBits - 1);
                    var p = first + i;
                    for (var k = 0; k < weights.Length; k++, p += stride)
                    {
                        s += *p * weights[k];
                    }
                    o[i] = Clip(s);
                }
            }
        }
    }

    private static Vector256<int> Clamp(Vector256<int> sum, Vector256<int> max) =>
        Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(sum, ResizeKernel.PrecisionBits), Vector256<int>.Zero), max);

    private static byte Clip(int value)
    {
        var v = value >> ResizeKernel.PrecisionBits;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
