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

    public static RgbImage FlipHorizontal(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var p = image.Pixels;
        var pixels = new byte[p.Length];
        for (var y = 0; y < h; y++)
        {
            var row = y * w * 3;
            for (var x = 0; x < w; x++)
            {
                var to = row + (x * 3);
                var from = row + ((w - 1 - x) * 3);
                pixels[to] = p[from];
                pixels[to + 1] = p[from + 1];
                pixels[to + 2] = p[from + 2];
            }
        }
        return new RgbImage(w, h, pixels, image.Source);
    }

    public static RgbImage FlipVertical(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var pixels = new byte[image.Pixels.Length];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(image.Pixels, (h - 1 - y) * w * 3, pixels, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, pixels, image.Source);
    }

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
        var (w, h) = (image.Width, image.Height);
        double cx = w / 2.0, cy = h / 2.0;
        var p = image.Pixels;
        var pixels = new byte[p.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Inverse map of a counter-clockwise rotation, at pixel centres.
                var dx = x + 0.5 - cx;
                var dy = y + 0.5 - cy;
                var (rx, ry) = k switch
                {
                    1 => (-dy, dx),
                    2 => (-dx, -dy),
                    _ => (dy, -dx),
                };
                var sx = (int)Math.Floor(rx + cx);
                var sy = (int)Math.Floor(ry + cy);
                if (sx >= 0 && sx < w && sy >= 0 && sy < h)
                {
                    var from = ((sy * w) + sx) * 3;
                    var to = ((y * w) + x) * 3;
                    pixels[to] = p[from];
                    pixels[to + 1] = p[from + 1];
                    pixels[to + 2] = p[from + 2];
                }
            }
        }
        return new RgbImage(w, h, pixels, image.Source);
    }

    /// <summary>Shift by (tx, ty) pixels, black where nothing comes in (torchvision affine translate, nearest).</summary>
    public static RgbImage Translate(RgbImage image, int tx, int ty)
    {
        var (w, h) = (image.Width, image.Height);
        var pixels = new byte[image.Pixels.Length];
        // Output columns [x0, x1) read columns [x0 - tx, x1 - tx), all inside the picture; the rest stay black.
        var x0 = Math.Max(0, tx);
        var x1 = Math.Min(w, w + tx);
        for (var y = Math.Max(0, ty); y < Math.Min(h, h + ty) && x1 > x0; y++)
        {
            Array.Copy(image.Pixels, (((y - ty) * w) + x0 - tx) * 3, pixels, ((y * w) + x0) * 3, (x1 - x0) * 3);
        }
        return new RgbImage(w, h, pixels, image.Source);
    }
}
