using SoundSight.Imaging;
using SoundSight.Runtime;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// The training views as computed (draws first, then only the pixels the crop reads, one fused last pass) against
/// the plain step-by-step composition of the golden-tested operations with the same draws, for many seeds and
/// picture shapes: the same floats, bit for bit.
/// </summary>
public sealed class TrainImageTransformTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 32, 61, 40 },
        { 32, 40, 61 },
        { 32, 36, 36 },
        { 32, 35, 90 },
        { 24, 150, 27 },
        { 64, 97, 71 },
        { 224, 320, 250 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PlainViewEqualsTheStepByStepComposition(int size, int width, int height)
    {
        var transform = new TrainImageTransform(size);
        var picture = Picture(width, height, 3);
        for (ulong seed = 0; seed < 40; seed++)
        {
            var fast = transform.Plain(picture, new SeededRandom(seed));
            var reference = PlainReference(transform, picture, new SeededRandom(seed));
            Assert.True(fast.AsSpan().SequenceEqual(reference), $"plain view, seed {seed}, {width} x {height} at {size}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AugmentedViewEqualsTheStepByStepComposition(int size, int width, int height)
    {
        var transform = new TrainImageTransform(size);
        var picture = Picture(width, height, 5);
        for (ulong seed = 0; seed < 60; seed++)
        {
            var fast = transform.Augmented(picture, new SeededRandom(seed));
            var reference = AugmentedReference(transform, picture, new SeededRandom(seed));
            Assert.True(fast.AsSpan().SequenceEqual(reference), $"augmented view, seed {seed}, {width} x {height} at {size}");
        }
    }

    [Fact]
    public void ResizeWindowEqualsACropOfTheWholeResize()
    {
        var picture = Picture(83, 57, 9);
        foreach (var (w, h) in new[] { (61, 40), (83, 40), (61, 57), (130, 101), (83, 57) })
        {
            var whole = PillowResize.Bicubic(picture, w, h);
            var kh = new ResizeKernel(picture.Width, w);
            var kv = new ResizeKernel(picture.Height, h);
            foreach (var (left, top, cw, ch) in new[] { (0, 0, w, h), (3, 5, 20, 17), (w - 33, h - 35, 33, 35), (1, 0, 1, 1) })
            {
                var window = new byte[cw * ch * 3];
                PillowResize.BicubicWindow(picture, kh, kv, left, top, cw, ch, window);
                var expected = Geometry.Crop(whole, left, top, cw, ch).Pixels;
                Assert.True(window.AsSpan().SequenceEqual(expected), $"{w} x {h}, window {cw} x {ch} at ({left}, {top})");
            }
        }
    }

    /// <summary>The authors' order, one operation after another on whole pictures.</summary>
    private static float[] PlainReference(TrainImageTransform t, RgbImage image, SeededRandom rng)
    {
        var cropped = RandomCrop(t, t.ResizeShorter(image), rng);
        if (rng.NextDouble() < 0.5)
        {
            cropped = Geometry.FlipHorizontal(cropped);
        }
        return TrainImageTransform.Normalize(cropped);
    }

    private static float[] AugmentedReference(TrainImageTransform t, RgbImage image, SeededRandom rng)
    {
        var img = Geometry.RotateQuarterTurns(image, rng.Next(4));
        if (rng.Next(5) != 0)
        {
            var draw = ColorJitter.Draw(rng);
            foreach (var op in draw.Order)
            {
                img = op switch
                {
                    0 => ColorJitter.Brightness(img, draw.Brightness),
                    1 => ColorJitter.Contrast(img, draw.Contrast),
                    2 => ColorJitter.Saturation(img, draw.Saturation),
                    _ => ColorJitter.Hue(img, draw.Hue),
                };
            }
        }
        if (rng.Next(2) != 0)
        {
            img = GaussianBlur3.Apply(img, rng.Uniform(0.1, 2.0));
        }
        img = RandomCrop(t, t.ResizeShorter(img), rng);
        if (rng.NextDouble() < 0.5)
        {
            img = Geometry.FlipHorizontal(img);
        }
        if (rng.NextDouble() < 0.5)
        {
            img = Geometry.FlipVertical(img);
        }
        var maxDx = 0.2 * img.Width;
        var maxDy = 0.2 * img.Height;
        var tx = (int)Math.Round(rng.Uniform(-maxDx, maxDx));
        var ty = (int)Math.Round(rng.Uniform(-maxDy, maxDy));
        img = Geometry.Translate(img, tx, ty);
        if (rng.NextDouble() < 0.2)
        {
            img = ColorJitter.Grayscale(img);
        }
        return TrainImageTransform.Normalize(img);
    }

    private static RgbImage RandomCrop(TrainImageTransform t, RgbImage image, SeededRandom rng)
    {
        var top = rng.Next(image.Height - t.Size + 1);
        var left = rng.Next(image.Width - t.Size + 1);
        return Geometry.Crop(image, left, top, t.Size, t.Size);
    }

    /// <summary>Colour fields with noise and flat patches (grey pixels, saturated ones, ties of max and min).</summary>
    private static RgbImage Picture(int width, int height, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    var v = 127 + (110 * Math.Sin((x / (3.0 + c)) + (y / (4.0 + (2 * c))) + c)) + (30 * (rng.NextDouble() - 0.5));
                    pixels[i + c] = (byte)Math.Clamp(v, 0, 255);
                }
                if ((x / 5) % 4 == 0 && (y / 5) % 3 == 0)
                {
                    pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte)(x * 7);
                }
            }
        }
        return new RgbImage(width, height, pixels, "synthetic");
    }
}
