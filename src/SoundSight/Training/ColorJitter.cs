using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SoundSight.Imaging;
using SoundSight.Runtime;

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
    private static int MeanGray(byte[] pixels, int width, int height) => MeanGray(pixels, width, height, Avx2.IsSupported);

    /// <summary>The mean grey, eight pixels at a time (AVX2) or one at a time; both give the same integer (tested).</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe int MeanGray(byte[] pixels, int width, int height, bool vectorised)
    {
        long sum = 0;
        var n = width * height;
        var i = 0;
        if (vectorised)
        {
            // Eight pixels a step into int lanes, emptied into the long total before they could overflow.
            fixed (byte* p = pixels)
            {
                while (i + 24 <= n * 3)
                {
                    var lanes = Vector256<int>.Zero;
                    for (var steps = 0; steps < (1 << 19) && i + 24 <= n * 3; steps++, i += 24)
                    {
                        var (r, g, b) = LoadEight(p + i);
                        lanes += GrayEight(r, g, b);
                    }
                    sum += Vector256.Sum(lanes);
                }
            }
        }
        for (; i < n * 3; i += 3)
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
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>The same blend towards each pixel's own grey (ImageEnhance.Color).</summary>
    private static void SaturateInPlace(byte[] pixels, int width, PixelRect rect, double factor) =>
        SaturateInPlace(pixels, width, rect, factor, Avx2.IsSupported);

    /// <summary>The saturation blend, eight pixels at a time (AVX2) or from the table; both give the same bytes (tested).</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SaturateInPlace(byte[] pixels, int width, PixelRect rect, double factor, bool vectorised)
    {
        var alpha = (float)factor;
        if (vectorised && alpha != 0 && alpha != 1)
        {
            // Row ends (under eight pixels) blend one byte at a time: fewer than the 65,536 a table would cost.
            for (var y = rect.Y0; y < rect.Y1; y++)
            {
                var row = pixels.AsSpan((((y * width) + rect.X0) * 3), rect.Width * 3);
                for (var i = SaturateRow(row, alpha); i < row.Length; i += 3)
                {
                    var gray = Gray(row[i], row[i + 1], row[i + 2]);
                    row[i] = Mix(gray, row[i], alpha);
                    row[i + 1] = Mix(gray, row[i + 1], alpha);
                    row[i + 2] = Mix(gray, row[i + 2], alpha);
                }
            }
            return;
        }
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

    /// <summary>
    /// <see cref="Mix"/> towards each pixel's grey on eight pixels at a time, the same float operations per lane;
    /// returns how many bytes it did.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int SaturateRow(Span<byte> row, float alpha)
    {
        var a = Vector256.Create(alpha);
        var top = Vector256.Create(255);
        var i = 0;
        fixed (byte* p = row)
        {
            for (; i + 24 <= row.Length; i += 24)
            {
                var (r, g, b) = LoadEight(p + i);
                var gray = GrayEight(r, g, b);
                var grayF = Vector256.ConvertToSingle(gray);
                StoreEight(p + i, Toward(r, gray, grayF, a, top), Toward(g, gray, grayF, a, top), Toward(b, gray, grayF, a, top));
            }
        }
        return i;
    }

    private static Vector256<int> Toward(Vector256<int> v, Vector256<int> gray, Vector256<float> grayF, Vector256<float> alpha, Vector256<int> top) =>
        Vector256.Min(Vector256.Max(Avx.ConvertToVector256Int32WithTruncation(grayF + (alpha * Vector256.ConvertToSingle(v - gray))), Vector256<int>.Zero), top);

    /// <summary>One byte of Pillow's ImagingBlend: alpha 0 and 1 copy a side, else d + alpha (v - d) in float, clipped.</summary>
    private static byte Mix(int degenerate, int value, float alpha) =>
        alpha == 0 ? (byte)degenerate : alpha == 1 ? (byte)value : Clip(degenerate + (alpha * (value - degenerate)));

    /// <summary>
    /// torchvision adjust_hue on a PIL picture: convert('HSV') (8-bit channels), the hue channel plus
    /// uint8(factor * 255) modulo 256, convert('RGB'). Pillow's conversions mix float and double arithmetic; the
    /// casts below keep each intermediate in the precision Pillow's C code gives it, so the bytes agree.
    /// </summary>
    private static void ShiftHueInPlace(byte[] pixels, int width, PixelRect rect, double factor) =>
        ShiftHueInPlace(pixels, width, rect, factor, HueLanes);

    /// <summary>Pixels the hue shift takes at a time on this machine: 8 with AVX-512, 4 with AVX2, else 1.</summary>
    internal static int HueLanes => Avx512F.IsSupported && Avx2.IsSupported ? 8 : Avx2.IsSupported ? 4 : 1;

    /// <summary>The hue shift, eight (AVX-512), four (AVX2) or one pixel at a time; all give the same bytes (tested).</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ShiftHueInPlace(byte[] pixels, int width, PixelRect rect, double factor, int lanes)
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
                if (lanes == 8)
                {
                    for (; row + 24 <= end; row += 24)
                    {
                        ShiftEight(row, tables);
                    }
                }
                if (lanes >= 4)
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
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// <see cref="ShiftFour"/> on eight pixels: the same float and double operations per lane in twice the width
    /// (AVX-512 for the doubles); the 24 bytes are gathered into channels and scattered back by byte shuffles.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ShiftEight(byte* px, HueTables tables)
    {
        var (r, g, b) = LoadEight(px);
        var max = Vector256.Max(r, Vector256.Max(g, b));
        var min = Vector256.Min(r, Vector256.Min(g, b));
        var grey = Vector256.Equals(max, min);
        var range = Vector256.ConvertToSingle(max - min);
        var s = range / Vector256.ConvertToSingle(max);
        var rc = Avx512F.ConvertToVector512Double(Vector256.ConvertToSingle(max - r) / range);
        var gc = Avx512F.ConvertToVector512Double(Vector256.ConvertToSingle(max - g) / range);
        var bc = Avx512F.ConvertToVector512Double(Vector256.ConvertToSingle(max - b) / range);
        var fromRed = Avx512F.ConvertToVector256Single(bc) - Avx512F.ConvertToVector256Single(gc);
        var fromGreen = Avx512F.ConvertToVector256Single((Vector512.Create(2.0) + rc) - bc);
        var fromBlue = Avx512F.ConvertToVector256Single((Vector512.Create(4.0) + gc) - rc);
        var hue = Vector256.ConditionalSelect(Vector256.Equals(r, max).AsSingle(), fromRed,
            Vector256.ConditionalSelect(Vector256.Equals(g, max).AsSingle(), fromGreen, fromBlue));
        var wrapped = (Avx512F.ConvertToVector512Double(hue) / Vector512.Create(6.0)) + Vector512.Create(1.0);
        wrapped = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(wrapped, Vector512.Create(1.0)), wrapped - Vector512.Create(1.0), wrapped);
        var hh = Avx512F.ConvertToVector512Double(Avx512F.ConvertToVector256Single(wrapped)) * Vector512.Create(255.0);
        var sv = Avx512F.ConvertToVector512Double(s) * Vector512.Create(255.0);
        var byteMax = Vector256.Create(255);
        var h = Vector256.AndNot(Clamp8(Avx512F.ConvertToVector256Int32WithTruncation(hh), byteMax), grey);
        var sat = Vector256.AndNot(Clamp8(Avx512F.ConvertToVector256Int32WithTruncation(sv), byteMax), grey);

        var sector = Avx2.GatherVector256(tables.Sectors, h, 4);
        var f = Avx2.GatherVector256(tables.Fractions, h, 4);
        var fs = Avx2.GatherVector256(tables.Saturations, sat, 4);
        var v = Avx512F.ConvertToVector512Double(max);
        var one = Vector512.Create(1.0);
        var fsd = Avx512F.ConvertToVector512Double(fs);
        var p = RoundAway(v * (one - fsd), byteMax);
        var q = RoundAway(v * (one - Avx512F.ConvertToVector512Double(fs * f)), byteMax);
        var t = RoundAway(v * (one - (fsd * (one - Avx512F.ConvertToVector512Double(f)))), byteMax);
        var s0 = Vector256.Equals(sector, Vector256<int>.Zero);
        var s1 = Vector256.Equals(sector, Vector256.Create(1));
        var s2 = Vector256.Equals(sector, Vector256.Create(2));
        var s3 = Vector256.Equals(sector, Vector256.Create(3));
        var s4 = Vector256.Equals(sector, Vector256.Create(4));
        var red = Vector256.ConditionalSelect(s1, q, Vector256.ConditionalSelect(s2 | s3, p, Vector256.ConditionalSelect(s4, t, max)));
        var green = Vector256.ConditionalSelect(s0, t, Vector256.ConditionalSelect(s1 | s2, max, Vector256.ConditionalSelect(s3, q, p)));
        var blue = Vector256.ConditionalSelect(s0 | s1, p, Vector256.ConditionalSelect(s2, t, Vector256.ConditionalSelect(s3 | s4, max, q)));
        var unsaturated = Vector256.Equals(sat, Vector256<int>.Zero);
        red = Vector256.ConditionalSelect(unsaturated, max, red);
        green = Vector256.ConditionalSelect(unsaturated, max, green);
        blue = Vector256.ConditionalSelect(unsaturated, max, blue);

        StoreEight(px, red, green, blue);
    }

    /// <summary>Eight RGB pixels (24 bytes) as three channel vectors, gathered by byte shuffles.</summary>
    private static unsafe (Vector256<int> R, Vector256<int> G, Vector256<int> B) LoadEight(byte* px)
    {
        const byte z = 0xFF; // a shuffle index out of range gives 0
        var lo = Vector128.Load(px);
        var hi = Vector128.Load(px + 8);
        var r = Avx2.ConvertToVector256Int32(Vector128.Shuffle(lo, Vector128.Create((byte)0, 3, 6, 9, 12, 15, z, z, z, z, z, z, z, z, z, z))
            | Vector128.Shuffle(hi, Vector128.Create(z, z, z, z, z, z, 10, 13, z, z, z, z, z, z, z, z)));
        var g = Avx2.ConvertToVector256Int32(Vector128.Shuffle(lo, Vector128.Create((byte)1, 4, 7, 10, 13, z, z, z, z, z, z, z, z, z, z, z))
            | Vector128.Shuffle(hi, Vector128.Create(z, z, z, z, z, 8, 11, 14, z, z, z, z, z, z, z, z)));
        var b = Avx2.ConvertToVector256Int32(Vector128.Shuffle(lo, Vector128.Create((byte)2, 5, 8, 11, 14, z, z, z, z, z, z, z, z, z, z, z))
            | Vector128.Shuffle(hi, Vector128.Create(z, z, z, z, z, 9, 12, 15, z, z, z, z, z, z, z, z)));
        return (r, g, b);
    }

    /// <summary>Three channel vectors (values 0..255) written back as eight interleaved RGB pixels.</summary>
    private static unsafe void StoreEight(byte* px, Vector256<int> red, Vector256<int> green, Vector256<int> blue)
    {
        const byte z = 0xFF;
        // [r0..r7 g0..g7] and [b0..b7], then interleaved: output byte 3k + c is channel c of pixel k.
        var rg = Vector128.Narrow(Vector128.Narrow(red.GetLower(), red.GetUpper()), Vector128.Narrow(green.GetLower(), green.GetUpper())).AsByte();
        var bz = Vector128.Narrow(Vector128.Narrow(blue.GetLower(), blue.GetUpper()), Vector128<short>.Zero).AsByte();
        var first = Vector128.Shuffle(rg, Vector128.Create((byte)0, 8, z, 1, 9, z, 2, 10, z, 3, 11, z, 4, 12, z, 5))
            | Vector128.Shuffle(bz, Vector128.Create(z, z, 0, z, z, 1, z, z, 2, z, z, 3, z, z, 4, z));
        var last = Vector128.Shuffle(rg, Vector128.Create((byte)13, z, 6, 14, z, 7, 15, z, z, z, z, z, z, z, z, z))
            | Vector128.Shuffle(bz, Vector128.Create(z, 5, z, z, 6, z, z, 7, z, z, z, z, z, z, z, z));
        first.Store(px);
        *(ulong*)(px + 16) = last.AsUInt64().ToScalar();
    }

    /// <summary><see cref="Gray"/> of eight pixels.</summary>
    private static Vector256<int> GrayEight(Vector256<int> r, Vector256<int> g, Vector256<int> b) =>
        Vector256.ShiftRightLogical((r * 19595) + (g * 38470) + (b * 7471) + Vector256.Create(0x8000), 16);

    private static Vector256<int> Clamp8(Vector256<int> v, Vector256<int> max) => Vector256.Min(Vector256.Max(v, Vector256<int>.Zero), max);

    /// <summary><see cref="RoundAway(Vector256{double}, Vector128{int})"/> on eight lanes.</summary>
    private static Vector256<int> RoundAway(Vector512<double> x, Vector256<int> max)
    {
        var floor = Vector512.Floor(x);
        var up = Vector512.GreaterThanOrEqual(x - floor, Vector512.Create(0.5));
        var rounded = floor + (Vector512.Create(1.0) & up);
        return Clamp8(Avx512F.ConvertToVector256Int32WithTruncation(rounded), max);
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
