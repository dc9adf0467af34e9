using SoundSight.Imaging;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// The saturation blend's and the mean grey's eight-pixels-at-a-time paths against their one-pixel paths (the
/// golden fixtures check whichever the machine runs), on random colours, clipping factors and every row ending.
/// </summary>
public sealed class JitterVectorTests
{
    [SkippableFact]
    public void SaturationPathsGiveTheSameBytes()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this CPU: only the one-pixel path exists here");
        var pixels = RandomPixels(67, 40, 3);
        foreach (var factor in new[] { 0.0, 0.6, 0.9213, 1.0, 1.0004, 1.37, 2.9 })
        {
            for (var x0 = 0; x0 < 9; x0++)
            {
                var rect = new PixelRect(x0, 2, 67 - (x0 % 4), 39);
                var table = (byte[])pixels.Clone();
                var vector = (byte[])pixels.Clone();
                ColorJitter.SaturateInPlace(table, 67, rect, factor, vectorised: false);
                ColorJitter.SaturateInPlace(vector, 67, rect, factor, vectorised: true);
                Assert.True(table.SequenceEqual(vector), $"factor {factor}, columns {rect.X0}..{rect.X1}");
            }
        }
    }

    [SkippableFact]
    public void MeanGreyPathsGiveTheSameValue()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this CPU: only the one-pixel path exists here");
        foreach (var (w, h) in new[] { (1, 1), (7, 1), (8, 1), (9, 3), (224, 224), (641, 359) })
        {
            var pixels = RandomPixels(w, h, w + h);
            Assert.Equal(ColorJitter.MeanGray(pixels, w, h, vectorised: false), ColorJitter.MeanGray(pixels, w, h, vectorised: true));
        }
        var white = Enumerable.Repeat((byte)255, 3000 * 3000 * 3).ToArray(); // the int lanes are emptied before they overflow
        Assert.Equal(255, ColorJitter.MeanGray(white, 3000, 3000, vectorised: true));
    }

    private static byte[] RandomPixels(int w, int h, int seed)
    {
        var pixels = new byte[w * h * 3];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }
}
