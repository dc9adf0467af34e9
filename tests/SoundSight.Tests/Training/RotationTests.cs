using SoundSight.Imaging;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

public sealed class RotationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(6, 1)]
    [InlineData(7, 7)]
    [InlineData(8, 5)]
    [InlineData(5, 8)]
    [InlineData(9, 4)]
    [InlineData(4, 11)]
    [InlineData(64, 36)]
    public void RowRunsGiveThePixelByPixelRotation(int width, int height)
    {
        // The golden tests pin one picture to torchvision; this pins the run-by-run copy to the per-pixel inverse
        // map at every quarter turn, on even and odd, wide, tall and square sizes (black where nothing lands).
        var rng = new Random((width * 100) + height);
        var pixels = new byte[width * height * 3];
        rng.NextBytes(pixels);
        var image = new RgbImage(width, height, pixels, "random");
        for (var k = 0; k < 4; k++)
        {
            var actual = new byte[pixels.Length];
            Array.Fill(actual, (byte)7);
            Geometry.RotateInto(image, k, actual);
            Assert.Equal(PixelByPixel(image, k), actual);
        }
    }

    private static byte[] PixelByPixel(RgbImage image, int k)
    {
        var (w, h) = (image.Width, image.Height);
        double cx = w / 2.0, cy = h / 2.0;
        var result = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Output pixel centre turned back by k quarter turns about the picture's centre, floored.
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                var (sx, sy) = k switch
                {
                    0 => (dx + cx, dy + cy),
                    1 => (-dy + cx, dx + cy),
                    2 => (-dx + cx, -dy + cy),
                    _ => (dy + cx, -dx + cy),
                };
                var (ix, iy) = ((int)Math.Floor(sx), (int)Math.Floor(sy));
                if (ix < 0 || ix >= w || iy < 0 || iy >= h)
                {
                    continue;
                }
                for (var c = 0; c < 3; c++)
                {
                    result[(((y * w) + x) * 3) + c] = image.Pixels[(((iy * w) + ix) * 3) + c];
                }
            }
        }
        return result;
    }
}
