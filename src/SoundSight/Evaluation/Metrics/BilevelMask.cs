using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>
/// A mask image made bilevel as the authors' AVSBench loader does it: <c>Image.open(path).convert('1')</c>, i.e.
/// Pillow's luma (L = (19595 R + 38470 G + 7471 B + 0x8000) &gt;&gt; 16) followed by its default Floyd-Steinberg
/// error diffusion (a pixel is on when the diffused value is above 128). On clean 0/255 masks this is a plain
/// threshold; on JPEG masks the diffusion decides the noisy edge pixels exactly as Pillow does.
/// </summary>
public static class BilevelMask
{
    /// <summary>Pillow's RGB to L conversion of one pixel.</summary>
    public static int Luma(byte r, byte g, byte b) => ((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16;

    /// <summary>Pillow's tobilevel (Floyd-Steinberg) on an 8-bit grey image, row-major; returns 0/1 values.</summary>
    public static byte[] Dither(ReadOnlySpan<byte> grey, int width, int height)
    {
        var result = new byte[grey.Length];
        var errors = new int[width + 1];
        for (var y = 0; y < height; y++)
        {
            int l = 0, l0 = 0, l1 = 0;
            for (var x = 0; x < width; x++)
            {
                // C integer division truncates towards zero, as C# does.
                l = Math.Clamp(grey[(y * width) + x] + ((l + errors[x + 1]) / 16), 0, 255);
                var on = l > 128;
                result[(y * width) + x] = on ? (byte)1 : (byte)0;
                l -= on ? 255 : 0;
                var l2 = l;
                var d2 = l + l;
                l += d2;
                errors[x] = l + l0;
                l += d2;
                l0 = l + l1;
                l1 = l2;
                l += d2;
            }
            errors[width] = l0;
        }
        return result;
    }
}
