using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SoundSight.Imaging;

namespace SoundSight.Training;

/// <summary>
/// torchvision ColorJitter with the authors' ranges (brightness, contrast and saturation factors uniform in
/// [0, 0.4], hue in [0, 0.1]), operations in a random order, each blended as PIL's ImageEnhance does and truncated
/// to 8 bits; plus PIL's grayscale conversion. Every operation but contrast is a function of one pixel, so the
/// training view computes them only where its crop will read (<see cref="ApplyInPlace"/>); contrast's mean grey
/// is always taken over the whole picture.
/// </summary>
internal static class ColorJitter
{
    private const int BrightnessOp = 0;
    private const int ContrastOp = 1;
    private const int SaturationOp = 2;

    /// <summary>The random draws of one ColorJitter call, in torchvision's order (permutation, then the four factors).</summary>
    public static JitterDraw Draw(SeededRandom rng)
    {
        var order = rng.Permutation(4);
        return new JitterDraw(order, rng.Uniform(0, 0.4), rng.Uniform(0, 0.4), rng.Uniform(0, 0.4), rng.Uniform(0, 0.1));
    }

    /// <summary>
    /// Applies the draw to the pixels of a width x height picture inside region (in place); pixels outside it are
    /// left as they are, except that operations before contrast run on the whole picture, whose mean they change.
    /// </summary>
    public static void ApplyInPlace(byte[] pixels, int width, int height, JitterDraw draw, PixelRect region)
    {
        var whole = PixelRect.Whole(width, height);
        var contrastAt = Array.IndexOf(draw.Order, ContrastOp);
        for (var i = 0; i < draw.Order.Length; i++)
        {
            var rect = i < contrastAt ? whole : region;
            switch (draw.Order[i])
            {
                case BrightnessOp:
                    BlendInPlace(pixels, width, rect, 0, draw.Brightness);
                    break;
                case ContrastOp:
                    BlendInPlace(pixels, width, rect, MeanGray(pixels, width, height), draw.Contrast);
                    break;
                case SaturationOp:
                    SaturateInPlace(pixels, width, rect, draw.Saturation);
                    break;
                default:
                    ShiftHueInPlace(pixels, width, rect, draw.Hue);
                    break;
            }
        }
    }

    /// <summary>torchvision adjust_brightness on a PIL picture (ImageEnhance.Brightness).</summary>
    public static RgbImage Brightness(RgbImage image, double factor) => OnCopy(image, (p, w, r) => BlendInPlace(p, w, r, 0, factor));

    /// <summary>torchvision adjust_contrast on a PIL picture (ImageEnhance.Contrast: towards the rounded mean grey).</summary>
    public static RgbImage Contrast(RgbImage image, double factor) =>
        OnCopy(image, (p, w, r) => BlendInPlace(p, w, r, MeanGray(p, w, r.Height), factor));

    /// <summary>torchvision adjust_saturation on a PIL picture (ImageEnhance.Color: towards the picture's grey).</summary>
    public static RgbImage Saturation(RgbImage image, double factor) => OnCopy(image, (p, w, r) => SaturateInPlace(p, w, r, factor));

    /// <summary>torchvision adjust_hue on a PIL picture.</summary>
    public static RgbImage Hue(RgbImage image, double factor) => OnCopy(image, (p, w, r) => ShiftHueInPlace(p, w, r, factor));

    /// <summary>PIL convert('L') (ITU-R 601-2, fixed point) replicated to RGB.</summary>
    public static RgbImage Grayscale(RgbImage image)
    {
        var p = image.Pixels;
        var result = new byte[p.Length];
        for (var i = 0; i < p.Length; i += 3)
        {
            result[i] = result[i + 1] = result[i + 2] = Gray(p[i], p[i + 1], p[i + 2]);
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    /// <summary>PIL's L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16.</summary>
    public static byte Gray(int r, int g, int b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);

    private static RgbImage OnCopy(RgbImage image, Action<byte[], int, PixelRect> op)
    {
        var pixels = (byte[])image.Pixels.Clone();
        op(pixels, image.Width, PixelRect.Whole(image.Width, image.Height));
        return new RgbImage(image.Width, image.Height, pixels, image.Source);
    }

    /// <summary>ImageStat's mean of the grey picture, rounded as ImageEnhance.Contrast does (int(mean + 0.5)).</summary>
    private static int MeanGray(byte[] pixels, int width, int height)
    {
        long sum = 0;
        var n = width * height;
        for (var i = 0; i < n * 3; i += 3)
        {
            sum += Gray(pixels[i], pixels[i + 1], pixels[i + 2]);
        }
        return (int)(((double)sum / n) + 0.5);
    }

    /// <summary>
    /// PIL Image.blend(degenerate, image, factor) towards one grey level: degenerate + factor * (image - degenerate)
    /// in float (Pillow's alpha is a C float), truncated to 8 bits and clipped outside [0, 1]; factors 0 and 1 copy
    /// one side. 256 inputs, 256 outputs: a table holds exactly what the per-byte blend gives.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlendInPlace(byte[] pixels, int width, PixelRect rect, int degenerate, double factor)
    {
        var alpha = (float)factor;
        Span<byte> table = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            table[v] = Mix(degenerate, v, alpha);
        }
        var vectorised = Avx2.IsSupported && alpha != 0 && alpha != 1;
        for (var y = rect.Y0; y < rect.Y1; y++)
        {
            var row = pixels.AsSpan((((y * width) + rect.X0) * 3), rect.Width * 3);
            var i = vectorised ? BlendRow(row, degenerate, alpha) : 0;
            for (; i < row.Length; i++)
            {
                row[i] = table[row[i]];
            }
        }
    }

    /// <summary>
    /// <see cref="Mix"/> on 32 bytes at a time, the same float operations per lane (d + alpha (v - d), truncated,
    /// clipped); returns how many bytes it did (the rest go through the table).
    /// </summary>
    private static unsafe int BlendRow(Span<byte> row, int degenerate, float alpha)
    {
        var a = Vector256.Create(alpha);
        var d = Vector256.Create(degenerate);
        var df = Vector256.Create((float)degenerate);
        var max = Vector256.Create(255);
        var i = 0;
        fixed (byte* p = row)
        {
            for (; i + 32 <= row.Length; i += 32)
            {
                var q0 = Lane(p + i);
                var q1 = Lane(p + i + 8);
                var q2 = Lane(p + i + 16);
                var q3 = Lane(p + i + 24);
                Vector256.Narrow(Vector256.Narrow(q0, q1).AsUInt16(), Vector256.Narrow(q2, q3).AsUInt16()).Store(p + i);
            }
        }
        return i;

        Vector256<int> Lane(byte* at)
        {
            var v = Avx2.ConvertToVector256Int32(at);
            var t = df + (a * Avx.ConvertToVector256Single(v - d));
            return Vector256.Min(Vector256.Max(Avx.ConvertToVector256Int32WithTruncation(t), Vector256<int>.Zero), max);
        }
    }

    /// <summary>The same blend towards each pixel's own grey (ImageEnhance.Color), from a (grey, value) table.</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SaturateInPlace(byte[] pixels, int width, PixelRect rect, double factor)
    {
        var alpha = (float)factor;
        var table = ArrayPool<byte>.Shared.Rent(256 * 256);
        try
        {
            for (var g = 0; g < 256; g++)
            {
                for (var v = 0; v < 256; v++)
                {
                    table[(g << 8) | v] = Mix(g, v, alpha);
                }
            }
            for (var y = rect.Y0; y < rect.Y1; y++)
            {
                var row = pixels.AsSpan((((y * width) + rect.X0) * 3), rect.Width * 3);
                for (var i = 0; i < row.Length; i += 3)
                {
                    var gray = Gray(row[i], row[i + 1], row[i + 2]) << 8;
                    row[i] = table[gray | row[i]];
                    row[i + 1] = table[gray | row[i + 1]];
                    row[i + 2] = table[gray | row[i + 2]];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(table);
        }
    }

    /// <summary>One byte of Pillow's ImagingBlend: alpha 0 and 1 copy a side, else d + alpha (v - d) in float, clipped.</summary>
    private static byte Mix(int degenerate, int value, float alpha) =>
        alpha == 0 ? (byte)degenerate : alpha == 1 ? (byte)value : Clip(degenerate + (alpha * (value - degenerate)));

    /// <summary>
    /// torchvision adjust_hue on a PIL picture: convert('HSV') (8-bit channels), the hue channel plus
    /// uint8(factor * 255) modulo 256, convert('RGB'). Pillow's conversions mix float and double arithmetic; the
    /// casts below keep each intermediate in the precision Pillow's C code gives it, so the bytes agree.
    /// </summary>
    private static void ShiftHueInPlace(byte[] pixels, int width, PixelRect rect, double factor) =>
        ShiftHueInPlace(pixels, width, rect, factor, Avx2.IsSupported);

    /// <summary>The hue shift, four pixels at a time (AVX2) or one at a time; both give the same bytes (tested).</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ShiftHueInPlace(byte[] pixels, int width, PixelRect rect, double factor, bool vectorised)
    {
        var add = unchecked((byte)(int)(factor * 255));
        // What convert('RGB') derives from one byte alone: the hue's sextant and fraction, the saturation as float.
        var sectors = stackalloc int[256];
        var fractions = stackalloc float[256];
        var saturations = stackalloc float[256];
        for (var h = 0; h < 256; h++)
        {
            var hue = unchecked((byte)(h + add));
            var sector = (int)Math.Floor(hue * 6.0 / 255.0);
            sectors[h] = sector % 6;
            fractions[h] = (float)((hue * 6.0 / 255.0) - sector);
            saturations[h] = (float)(h / 255.0);
        }
        var tables = new HueTables(sectors, fractions, saturations);
        fixed (byte* all = pixels)
        {
            for (var y = rect.Y0; y < rect.Y1; y++)
            {
                var row = all + (((y * width) + rect.X0) * 3);
                var end = row + (rect.Width * 3);
                if (vectorised)
                {
                    for (; row + 12 <= end; row += 12)
                    {
                        ShiftFour(row, tables);
                    }
                }
                for (; row < end; row += 3)
                {
                    ShiftOne(row, tables);
                }
            }
        }
    }

    private static unsafe void ShiftOne(byte* pixel, HueTables tables)
    {
        var (h, s, v) = ToHsv(pixel[0], pixel[1], pixel[2]);
        if (s == 0)
        {
            pixel[0] = pixel[1] = pixel[2] = v;
            return;
        }
        var f = tables.Fractions[h];
        var fs = tables.Saturations[s];
        var p = Clip8((int)Math.Round(v * (1.0 - fs), MidpointRounding.AwayFromZero));
        var q = Clip8((int)Math.Round(v * (1.0 - (fs * f)), MidpointRounding.AwayFromZero));
        var t = Clip8((int)Math.Round(v * (1.0 - (fs * (1.0 - f))), MidpointRounding.AwayFromZero));
        (pixel[0], pixel[1], pixel[2]) = tables.Sectors[h] switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    /// <summary>
    /// <see cref="ToHsv"/> and the back conversion of <see cref="ShiftOne"/> on four pixels: the same float and
    /// double operations lane by lane (divisions, widenings, truncations), branches turned into selections.
    /// </summary>
    private static unsafe void ShiftFour(byte* px, HueTables tables)
    {
        var r = Vector128.Create((int)px[0], px[3], px[6], px[9]);
        var g = Vector128.Create((int)px[1], px[4], px[7], px[10]);
        var b = Vector128.Create((int)px[2], px[5], px[8], px[11]);
        var max = Vector128.Max(r, Vector128.Max(g, b));
        var min = Vector128.Min(r, Vector128.Min(g, b));
        var grey = Vector128.Equals(max, min);
        var range = Vector128.ConvertToSingle(max - min);
        var s = range / Vector128.ConvertToSingle(max);
        var rc = Avx.ConvertToVector256Double(Vector128.ConvertToSingle(max - r) / range);
        var gc = Avx.ConvertToVector256Double(Vector128.ConvertToSingle(max - g) / range);
        var bc = Avx.ConvertToVector256Double(Vector128.ConvertToSingle(max - b) / range);
        var fromRed = Avx.ConvertToVector128Single(bc) - Avx.ConvertToVector128Single(gc);
        var fromGreen = Avx.ConvertToVector128Single((Vector256.Create(2.0) + rc) - bc);
        var fromBlue = Avx.ConvertToVector128Single((Vector256.Create(4.0) + gc) - rc);
        var hue = Vector128.ConditionalSelect(Vector128.Equals(r, max).AsSingle(), fromRed,
            Vector128.ConditionalSelect(Vector128.Equals(g, max).AsSingle(), fromGreen, fromBlue));
        var wrapped = (Avx.ConvertToVector256Double(hue) / Vector256.Create(6.0)) + Vector256.Create(1.0);
        wrapped = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(wrapped, Vector256.Create(1.0)), wrapped - Vector256.Create(1.0), wrapped);
        var hh = Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(wrapped)) * Vector256.Create(255.0);
        var sv = Avx.ConvertToVector256Double(s) * Vector256.Create(255.0);
        var byteMax = Vector128.Create(255);
        var h = Vector128.AndNot(Clamp8(Avx.ConvertToVector128Int32WithTruncation(hh), byteMax), grey);
        var sat = Vector128.AndNot(Clamp8(Avx.ConvertToVector128Int32WithTruncation(sv), byteMax), grey);

        var sector = Avx2.GatherVector128(tables.Sectors, h, 4);
        var f = Avx2.GatherVector128(tables.Fractions, h, 4);
        var fs = Avx2.GatherVector128(tables.Saturations, sat, 4);
        var v = Avx.ConvertToVector256Double(max);
        var one = Vector256.Create(1.0);
        var fsd = Avx.ConvertToVector256Double(fs);
        var p = RoundAway(v * (one - fsd), byteMax);
        var q = RoundAway(v * (one - Avx.ConvertToVector256Double(fs * f)), byteMax);
        var t = RoundAway(v * (one - (fsd * (one - Avx.ConvertToVector256Double(f)))), byteMax);
        var s0 = Vector128.Equals(sector, Vector128<int>.Zero);
        var s1 = Vector128.Equals(sector, Vector128.Create(1));
        var s2 = Vector128.Equals(sector, Vector128.Create(2));
        var s3 = Vector128.Equals(sector, Vector128.Create(3));
        var s4 = Vector128.Equals(sector, Vector128.Create(4));
        // Sextants 0..5: R = v q p p t v, G = t v v q p p, B = p p t v v q.
        var red = Select(s1, q, Select(s2 | s3, p, Select(s4, t, max)));
        var green = Select(s0, t, Select(s1 | s2, max, Select(s3, q, p)));
        var blue = Select(s0 | s1, p, Select(s2, t, Select(s3 | s4, max, q)));
        var unsaturated = Vector128.Equals(sat, Vector128<int>.Zero);
        red = Select(unsaturated, max, red);
        green = Select(unsaturated, max, green);
        blue = Select(unsaturated, max, blue);
        for (var k = 0; k < 4; k++)
        {
            px[(k * 3) + 0] = (byte)red.GetElement(k);
            px[(k * 3) + 1] = (byte)green.GetElement(k);
            px[(k * 3) + 2] = (byte)blue.GetElement(k);
        }
    }

    private static Vector128<int> Select(Vector128<int> mask, Vector128<int> yes, Vector128<int> no) => Vector128.ConditionalSelect(mask, yes, no);

    private static Vector128<int> Clamp8(Vector128<int> v, Vector128<int> max) => Vector128.Min(Vector128.Max(v, Vector128<int>.Zero), max);

    /// <summary>C's round() (half away from zero) of non-negative values: floor, plus one when the fraction is at least a half (both exact).</summary>
    private static Vector128<int> RoundAway(Vector256<double> x, Vector128<int> max)
    {
        var floor = Vector256.Floor(x);
        var up = Vector256.GreaterThanOrEqual(x - floor, Vector256.Create(0.5));
        var rounded = floor + (Vector256.Create(1.0) & up);
        return Clamp8(Avx.ConvertToVector128Int32WithTruncation(rounded), max);
    }

    /// <summary>Per-byte tables of one hue shift (stack memory of the caller).</summary>
    private readonly unsafe struct HueTables(int* sectors, float* fractions, float* saturations)
    {
        public int* Sectors { get; } = sectors;

        public float* Fractions { get; } = fractions;

        public float* Saturations { get; } = saturations;
    }

    private static (byte H, byte S, byte V) ToHsv(byte r, byte g, byte b)
    {
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        if (max == min)
        {
            return (0, 0, max);
        }
        float range = max - min;
        var s = range / max;
        var rc = (max - r) / range;
        var gc = (max - g) / range;
        var bc = (max - b) / range;
        var h = r == max ? bc - gc : g == max ? (float)(2.0 + rc - bc) : (float)(4.0 + gc - rc);
        // Pillow's fmod(h / 6 + 1, 1): the argument lies in [5/6, 11/6], where subtracting 1 is exact.
        var wrapped = (h / 6.0) + 1.0;
        h = (float)(wrapped >= 1.0 ? wrapped - 1.0 : wrapped);
        return (Clip8((int)(h * 255.0)), Clip8((int)(s * 255.0)), max);
    }

    private static byte Clip8(int v) => (byte)Math.Clamp(v, 0, 255);

    private static byte Clip(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
}
