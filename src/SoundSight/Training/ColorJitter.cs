using SoundSight.Imaging;

namespace SoundSight.Training;

/// <summary>
/// torchvision ColorJitter with the authors' ranges (brightness, contrast and saturation factors uniform in
/// [0, 0.4], hue in [0, 0.1]), operations in a random order, each blended as PIL's ImageEnhance does and truncated
/// to 8 bits; plus PIL's grayscale conversion.
/// </summary>
internal static class ColorJitter
{
    public static RgbImage Apply(RgbImage image, SeededRandom rng)
    {
        var order = rng.Permutation(4);
        var brightness = rng.Uniform(0, 0.4);
        var contrast = rng.Uniform(0, 0.4);
        var saturation = rng.Uniform(0, 0.4);
        var hue = rng.Uniform(0, 0.1);
        foreach (var op in order)
        {
            image = op switch
            {
                0 => Blend(image, 0, brightness),
                1 => Blend(image, MeanGray(image), contrast),
                2 => BlendWithGray(image, saturation),
                _ => ShiftHue(image, hue),
            };
        }
        return image;
    }

    /// <summary>torchvision adjust_brightness on a PIL picture (ImageEnhance.Brightness).</summary>
    public static RgbImage Brightness(RgbImage image, double factor) => Blend(image, 0, factor);

    /// <summary>torchvision adjust_contrast on a PIL picture (ImageEnhance.Contrast: towards the rounded mean grey).</summary>
    public static RgbImage Contrast(RgbImage image, double factor) => Blend(image, MeanGray(image), factor);

    /// <summary>torchvision adjust_saturation on a PIL picture (ImageEnhance.Color: towards the picture's grey).</summary>
    public static RgbImage Saturation(RgbImage image, double factor) => BlendWithGray(image, factor);

    /// <summary>torchvision adjust_hue on a PIL picture.</summary>
    public static RgbImage Hue(RgbImage image, double factor) => ShiftHue(image, factor);

    /// <summary>PIL convert('L') (ITU-R 601-2, fixed point) replicated to RGB.</summary>
    public static RgbImage Grayscale(RgbImage image)
    {
        var p = image.Pixels;
        var result = new byte[p.Length];
        for (var i = 0; i < p.Length; i += 3)
        {
            var l = (byte)(((p[i] * 19595) + (p[i + 1] * 38470) + (p[i + 2] * 7471) + 0x8000) >> 16);
            result[i] = result[i + 1] = result[i + 2] = l;
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    private static int MeanGray(RgbImage image)
    {
        var gray = Grayscale(image).Pixels;
        var sum = 0.0;
        for (var i = 0; i < gray.Length; i += 3)
        {
            sum += gray[i];
        }
        return (int)((sum / (gray.Length / 3)) + 0.5);
    }

    /// <summary>
    /// PIL Image.blend(degenerate, image, factor) towards one grey level: degenerate + factor * (image - degenerate)
    /// in float (Pillow's alpha is a C float), truncated to 8 bits and clipped outside [0, 1]; factors 0 and 1 copy
    /// one side.
    /// </summary>
    private static RgbImage Blend(RgbImage image, int degenerate, double factor)
    {
        var p = image.Pixels;
        var result = new byte[p.Length];
        var alpha = (float)factor;
        // 256 inputs, 256 outputs: the table holds exactly what the per-byte blend gives.
        Span<byte> table = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            table[v] = Mix(degenerate, v, alpha);
        }
        for (var i = 0; i < p.Length; i++)
        {
            result[i] = table[p[i]];
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    /// <summary>The same blend towards the picture's own grey (ImageEnhance.Color).</summary>
    private static RgbImage BlendWithGray(RgbImage image, double factor)
    {
        var gray = Grayscale(image).Pixels;
        var p = image.Pixels;
        var result = new byte[p.Length];
        var alpha = (float)factor;
        for (var i = 0; i < p.Length; i++)
        {
            result[i] = Mix(gray[i], p[i], alpha);
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    /// <summary>One byte of Pillow's ImagingBlend: alpha 0 and 1 copy a side, else d + alpha (v - d) in float, clipped.</summary>
    private static byte Mix(int degenerate, int value, float alpha) =>
        alpha == 0 ? (byte)degenerate : alpha == 1 ? (byte)value : Clip(degenerate + (alpha * (value - degenerate)));

    /// <summary>
    /// torchvision adjust_hue on a PIL picture: convert('HSV') (8-bit channels), the hue channel plus
    /// uint8(factor * 255) modulo 256, convert('RGB'). Pillow's conversions mix float and double arithmetic; the
    /// casts below keep each intermediate in the precision Pillow's C code gives it, so the bytes agree.
    /// </summary>
    private static RgbImage ShiftHue(RgbImage image, double factor)
    {
        var add = unchecked((byte)(int)(factor * 255));
        var p = image.Pixels;
        var result = new byte[p.Length];
        for (var i = 0; i < p.Length; i += 3)
        {
            var (h, sat, v) = ToHsv(p[i], p[i + 1], p[i + 2]);
            (result[i], result[i + 1], result[i + 2]) = ToRgb(unchecked((byte)(h + add)), sat, v);
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
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
        h = (float)(((h / 6.0) + 1.0) % 1.0);
        return (Clip8((int)(h * 255.0)), Clip8((int)(s * 255.0)), max);
    }

    private static (byte R, byte G, byte B) ToRgb(byte h, byte s, byte v)
    {
        if (s == 0)
        {
            return (v, v, v);
        }
        var sector = (int)Math.Floor(h * 6.0 / 255.0);
        var f = (float)((h * 6.0 / 255.0) - sector);
        var fs = (float)(s / 255.0);
        var p = Clip8((int)Math.Round(v * (1.0 - fs), MidpointRounding.AwayFromZero));
        var q = Clip8((int)Math.Round(v * (1.0 - (fs * f)), MidpointRounding.AwayFromZero));
        var t = Clip8((int)Math.Round(v * (1.0 - (fs * (1.0 - f))), MidpointRounding.AwayFromZero));
        return (sector % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    private static byte Clip8(int v) => (byte)Math.Clamp(v, 0, 255);

    private static byte Clip(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
}
