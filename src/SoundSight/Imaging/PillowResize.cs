namespace SoundSight.Imaging;

/// <summary>
/// Pillow's bicubic resize of 8-bit images (Resample.c: support scaled by the reduction factor, a = -0.5,
/// coefficients normalised then fixed-point with 22 fractional bits, horizontal pass then vertical pass), so the
/// training transform (torchvision Resize on PIL images) is reproduced exactly.
/// </summary>
public static class PillowResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    public static RgbImage Bicubic(RgbImage image, int width, int height)
    {
        if (width == image.Width && height == image.Height)
        {
            return image;
        }
        var (kh, boundsH, sizeH) = Coefficients(image.Width, width);
        var (kv, boundsV, sizeV) = Coefficients(image.Height, height);
        var source = image.Pixels;
        var srcWidth = image.Width;
        // Rows of the source the vertical pass will read.
        var first = boundsV[0];
        var last = boundsV[(height * 2) - 2] + boundsV[(height * 2) - 1];
        byte[] temp;
        int tempRows;
        if (width != image.Width)
        {
            tempRows = last - first;
            temp = new byte[width * tempRows * 3];
            for (var y = 0; y < tempRows; y++)
            {
                var row = (y + first) * srcWidth * 3;
                for (var x = 0; x < width; x++)
                {
                    var xmin = boundsH[x * 2];
                    var count = boundsH[(x * 2) + 1];
                    int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                    for (var k = 0; k < count; k++)
                    {
                        var c = kh[(x * sizeH) + k];
                        var p = row + ((xmin + k) * 3);
                        s0 += source[p] * c;
                        s1 += source[p + 1] * c;
                        s2 += source[p + 2] * c;
                    }
                    var o = ((y * width) + x) * 3;
                    temp[o] = Clip(s0);
                    temp[o + 1] = Clip(s1);
                    temp[o + 2] = Clip(s2);
                }
            }
        }
        else
        {
            temp = source;
            tempRows = image.Height;
            first = 0;
        }
        if (height == image.Height)
        {
            return new RgbImage(width, height, temp, image.Source);
        }
        var output = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var ymin = boundsV[y * 2] - first;
            var count = boundsV[(y * 2) + 1];
            for (var x = 0; x < width; x++)
            {
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (var k = 0; k < count; k++)
                {
                    var c = kv[(y * sizeV) + k];
                    var p = ((((ymin + k) * width) + x) * 3);
                    s0 += temp[p] * c;
                    s1 += temp[p + 1] * c;
                    s2 += temp[p + 2] * c;
                }
                var o = ((y * width) + x) * 3;
                output[o] = Clip(s0);
                output[o + 1] = Clip(s1);
                output[o + 2] = Clip(s2);
            }
        }
        return new RgbImage(width, height, output, image.Source);
    }

    private static byte Clip(int value)
    {
        var v = value >> PrecisionBits;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }

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

    /// <summary>Fixed-point coefficients, per output index: bounds (first input, count) and ksize weights.</summary>
    private static (int[] Kernel, int[] Bounds, int KSize) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(1.0, scale);
        var support = 2.0 * filterScale;
        var ksize = ((int)Math.Ceiling(support) * 2) + 1;
        var kernel = new int[outSize * ksize];
        var bounds = new int[outSize * 2];
        var weights = new double[ksize];
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
                kernel[(xx * ksize) + x] = w < 0 ? (int)(-0.5 + (w * (1 << PrecisionBits))) : (int)(0.5 + (w * (1 << PrecisionBits)));
            }
            bounds[xx * 2] = xmin;
            bounds[(xx * 2) + 1] = xmax;
        }
        return (kernel, bounds, ksize);
    }
}
