using SoundSight.Imaging;

namespace SoundSight.Training;

/// <summary>torchvision GaussianBlur(kernel_size=3, sigma): separable kernel exp(-x^2 / 2 sigma^2) over x = -1, 0, 1, reflect padding, rounded to 8 bits.</summary>
internal static class GaussianBlur3
{
    public static RgbImage Apply(RgbImage image, double sigma)
    {
        var side = Math.Exp(-0.5 / (sigma * sigma));
        var sum = 1 + (2 * side);
        float k0 = (float)(side / sum), k1 = (float)(1 / sum);
        var (w, h) = (image.Width, image.Height);
        var p = image.Pixels;
        var horizontal = new float[p.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var l = Reflect(x - 1, w);
                var r = Reflect(x + 1, w);
                for (var c = 0; c < 3; c++)
                {
                    horizontal[(((y * w) + x) * 3) + c] = (k0 * p[(((y * w) + l) * 3) + c]) + (k1 * p[(((y * w) + x) * 3) + c]) + (k0 * p[(((y * w) + r) * 3) + c]);
                }
            }
        }
        var result = new byte[p.Length];
        for (var y = 0; y < h; y++)
        {
            var u = Reflect(y - 1, h);
            var d = Reflect(y + 1, h);
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = (k0 * horizontal[(((u * w) + x) * 3) + c]) + (k1 * horizontal[(((y * w) + x) * 3) + c]) + (k0 * horizontal[(((d * w) + x) * 3) + c]);
                    result[(((y * w) + x) * 3) + c] = (byte)Math.Clamp(MathF.Round(v, MidpointRounding.ToEven), 0, 255);
                }
            }
        }
        return new RgbImage(w, h, result, image.Source);
    }

    private static int Reflect(int i, int n) => n == 1 ? 0 : i < 0 ? -i : i >= n ? (2 * n) - 2 - i : i;
}
