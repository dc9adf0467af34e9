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
                0 => Blend(image, _ => 0, brightness),
                1 => Blend(image, MeanGray(image), contrast),
                2 => BlendWithGray(image, saturation),
                _ => ShiftHue(image, hue),
            };
        }
        return image;
    }

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

    private static Func<int, int> MeanGray(RgbImage image)
    {
        var gray = Grayscale(image).Pixels;
        var sum = 0.0;
        for (var i = 0; i < gray.Length; i += 3)
        {
            sum += gray[i];
        }
        var mean = (int)((sum / (gray.Length / 3)) + 0.5);
        return _ => mean;
    }

    /// <summary>PIL Image.blend(degenerate, image, factor): degenerate + factor * (image - degenerate), truncated.</summary>
    private static RgbImage Blend(RgbImage image, Func<int, int> degenerate, double factor)
    {
        var p = image.Pixels;
        var result = new byte[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var d = degenerate(i);
            result[i] = Clip((float)(d + (factor * (p[i] - d))));
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    private static RgbImage BlendWithGray(RgbImage image, double factor)
    {
        var gray = Grayscale(image).Pixels;
        return Blend(image, i => gray[i], factor);
    }

    /// <summary>Hue rotation by a fraction of the colour circle, through HSV.</summary>
    private static RgbImage ShiftHue(RgbImage image, double shift)
    {
        var p = image.Pixels;
        var result = new byte[p.Length];
        for (var i = 0; i < p.Length; i += 3)
        {
            double r = p[i] / 255.0, g = p[i + 1] / 255.0, b = p[i + 2] / 255.0;
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            var delta = max - min;
            var h = delta == 0 ? 0 : max == r ? ((g - b) / delta % 6 + 6) % 6 : max == g ? ((b - r) / delta) + 2 : ((r - g) / delta) + 4;
            h = ((h / 6) + shift) % 1.0 * 6;
            var s = max == 0 ? 0 : delta / max;
            var c = max * s;
            var x = c * (1 - Math.Abs((h % 2) - 1));
            var m = max - c;
            var (rr, gg, bb) = (int)h switch
            {
                0 => (c, x, 0.0),
                1 => (x, c, 0.0),
                2 => (0.0, c, x),
                3 => (0.0, x, c),
                4 => (x, 0.0, c),
                _ => (c, 0.0, x),
            };
            result[i] = Clip((float)((rr + m) * 255 + 0.5));
            result[i + 1] = Clip((float)((gg + m) * 255 + 0.5));
            result[i + 2] = Clip((float)((bb + m) * 255 + 0.5));
        }
        return new RgbImage(image.Width, image.Height, result, image.Source);
    }

    private static byte Clip(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
}
