using SoundSight.Imaging;

namespace SoundSight.Training;

/// <summary>Pixel-exact geometric operations on 8-bit pictures (crops, flips, quarter turns, translations).</summary>
internal static class Geometry
{
    public static RgbImage Crop(RgbImage image, int left, int top, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            Array.Copy(image.Pixels, (((top + y) * image.Width) + left) * 3, pixels, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, pixels, image.Source);
    }

    public static RgbImage FlipHorizontal(RgbImage image) => Map(image, (x, y, w, h) => (w - 1 - x, y));

    public static RgbImage FlipVertical(RgbImage image) => Map(image, (x, y, w, h) => (x, h - 1 - y));

    /// <summary>
    /// PIL rotate(angle = 90 k) without expand: the picture turns counter-clockwise about its centre and keeps its
    /// size; what falls outside is cut and uncovered corners are black (nearest neighbour, as PIL).
    /// </summary>
    public static RgbImage RotateQuarterTurns(RgbImage image, int quarterTurns)
    {
        var k = ((quarterTurns % 4) + 4) % 4;
        if (k == 0)
        {
            return image;
        }
        double cx = image.Width / 2.0, cy = image.Height / 2.0;
        return Map(image, (x, y, w, h) =>
        {
            // Inverse map of a counter-clockwise rotation, at pixel centres.
            var dx = x + 0.5 - cx;
            var dy = y + 0.5 - cy;
            var (sx, sy) = k switch
            {
                1 => (-dy, dx),
                2 => (-dx, -dy),
                _ => (dy, -dx),
            };
            return ((int)Math.Floor(sx + cx), (int)Math.Floor(sy + cy));
        });
    }

    /// <summary>Shift by (tx, ty) pixels, black where nothing comes in (torchvision affine translate, nearest).</summary>
    public static RgbImage Translate(RgbImage image, int tx, int ty) => Map(image, (x, y, w, h) => (x - tx, y - ty));

    private static RgbImage Map(RgbImage image, Func<int, int, int, int, (int X, int Y)> source)
    {
        var (w, h) = (image.Width, image.Height);
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (sx, sy) = source(x, y, w, h);
                if (sx >= 0 && sx < w && sy >= 0 && sy < h)
                {
                    Array.Copy(image.Pixels, ((sy * w) + sx) * 3, pixels, ((y * w) + x) * 3, 3);
                }
            }
        }
        return new RgbImage(w, h, pixels, image.Source);
    }
}
