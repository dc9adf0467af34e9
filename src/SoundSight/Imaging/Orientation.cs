using SkiaSharp;

namespace SoundSight.Imaging;

/// <summary>Turns a picture upright according to its EXIF orientation (only when the user asks for it).</summary>
internal static class Orientation
{
    public static RgbImage Apply(RgbImage image, SKEncodedOrigin origin)
    {
        // (flipX, transpose, rotate180) decomposition of the eight EXIF orientations.
        return origin switch
        {
            SKEncodedOrigin.TopRight => Map(image, false, (x, y, w, h) => (w - 1 - x, y)),
            SKEncodedOrigin.BottomRight => Map(image, false, (x, y, w, h) => (w - 1 - x, h - 1 - y)),
            SKEncodedOrigin.BottomLeft => Map(image, false, (x, y, w, h) => (x, h - 1 - y)),
            SKEncodedOrigin.LeftTop => Map(image, true, (x, y, w, h) => (y, x)),
            SKEncodedOrigin.RightTop => Map(image, true, (x, y, w, h) => (y, h - 1 - x)),
            SKEncodedOrigin.RightBottom => Map(image, true, (x, y, w, h) => (w - 1 - y, h - 1 - x)),
            SKEncodedOrigin.LeftBottom => Map(image, true, (x, y, w, h) => (w - 1 - y, x)),
            _ => image,
        };
    }

    /// <summary>Builds the output by asking, for each output pixel, which source pixel lands there.</summary>
    private static RgbImage Map(RgbImage image, bool swapSides, Func<int, int, int, int, (int X, int Y)> source)
    {
        var (w, h) = (image.Width, image.Height);
        var (outW, outH) = swapSides ? (h, w) : (w, h);
        var pixels = new byte[outW * outH * 3];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = source(x, y, w, h);
                Array.Copy(image.Pixels, ((sy * w) + sx) * 3, pixels, ((y * outW) + x) * 3, 3);
            }
        }
        return new RgbImage(outW, outH, pixels, image.Source);
    }
}
