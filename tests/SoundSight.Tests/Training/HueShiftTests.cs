using SoundSight.Imaging;
using SoundSight.Runtime;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// The hue shift's eight- and four-pixels-at-a-time paths against its one-pixel path (the golden fixtures check whichever
/// the machine runs): every colour class (greys, ties of the largest channel, each sextant) and many shifts.
/// </summary>
public sealed class HueShiftTests
{
    [SkippableFact]
    public void VectorisedAndScalarPathsGiveTheSameBytes()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this CPU: only the one-pixel path exists here");
        var rng = new SeededRandom(17);
        const int width = 301, height = 64;
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            switch (rng.Next(4))
            {
                case 0:
                    pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte)rng.Next(256);
                    break;
                case 1:
                    var top = (byte)rng.Next(256);
                    pixels[i] = top;
                    pixels[i + 1] = rng.Next(2) == 0 ? top : (byte)rng.Next(top + 1);
                    pixels[i + 2] = rng.Next(2) == 0 ? top : (byte)rng.Next(top + 1);
                    break;
                default:
                    pixels[i] = (byte)rng.Next(256);
                    pixels[i + 1] = (byte)rng.Next(256);
                    pixels[i + 2] = (byte)rng.Next(256);
                    break;
            }
        }
        // Eight lanes where the machine has AVX-512; the region's rows (298 pixels) end in every path in turn.
        var lanes = ColorJitter.HueLanes == 8 ? new[] { 4, 8 } : [4];
        foreach (var factor in new[] { 0.0, 0.0004, 0.0213, 0.05, 0.0987, 0.1, 0.5, 0.99 })
        {
            var scalar = (byte[])pixels.Clone();
            var rect = new PixelRect(3, 1, width - 2, height);
            ColorJitter.ShiftHueInPlace(scalar, width, rect, factor, lanes: 1);
            foreach (var n in lanes)
            {
                var vector = (byte[])pixels.Clone();
                ColorJitter.ShiftHueInPlace(vector, width, rect, factor, n);
                var differing = Enumerable.Range(0, pixels.Length).Count(i => scalar[i] != vector[i]);
                Assert.True(differing == 0, $"{n} lanes, factor {factor}: {differing} bytes differ");
            }
        }
    }
}
