using SoundSight.Imaging;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>The blend (brightness, contrast) 32 bytes at a time against Pillow's per-byte formula, clipping included.</summary>
public sealed class BlendTests
{
    [Theory]
    [InlineData(0.0001)]
    [InlineData(0.3127)]
    [InlineData(0.9999)]
    [InlineData(1.5)]
    [InlineData(2.7)]
    public void BrightnessEqualsPillowsFormulaForEveryByte(double factor)
    {
        // 4 rows of the 256 values (and a tail that is not a multiple of 32 bytes).
        var pixels = Enumerable.Range(0, 4 * 259 * 3).Select(i => (byte)((i * 7) % 256)).ToArray();
        var picture = new RgbImage(259, 4, pixels, "ramp");
        var actual = ColorJitter.Brightness(picture, factor).Pixels;
        var alpha = (float)factor;
        for (var i = 0; i < pixels.Length; i++)
        {
            var t = 0 + (alpha * (pixels[i] - 0));
            var expected = t <= 0 ? (byte)0 : t >= 255 ? (byte)255 : (byte)t;
            Assert.True(expected == actual[i], $"factor {factor}, value {pixels[i]}: {expected} vs {actual[i]}");
        }
    }
}
