using System.Runtime.CompilerServices;
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
        if (((quarterTurns % 4) + 4) % 4 == 0)
        {
            return image;
        }
        var pixels = new byte[image.Pixels.Length];
        RotateInto(image, quarterTurns, pixels);
        return new RgbImage(image.Width, image.Height, pixels, image.Source);
    }

    /// <summary>The quarter-turn rotation written into destination (every byte of the picture's size is written).</summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RotateInto(RgbImage image, int quarterTurns, byte[] destination)
    {
        var k = ((quarterTurns % 4) + 4) % 4;
        var (w, h) = (image.Width, image.Height);
        var p = image.Pixels;
        if (k == 0)
        {
            p.CopyTo(destination, 0);
            return;
        }
        // The inverse map at pixel centres, (x + 0.5 - cx, y + 0.5 - cy) turned back, floored: for a quarter turn
        // one source coordinate depends only on the output column and the other only on the output row, so both are
        // tabulated once with the exact expression and the loop only looks them up.
        double cx = w / 2.0, cy = h / 2.0;
        var fromColumn = new int[w];
        var fromRow = new int[h];
        for (var x = 0; x < w; x++)
        {
            var dx = x + 0.5 - cx;
            fromColumn[x] = k switch
            {
                1 => (int)Math.Floor(dx + cy),
                2 => (int)Math.Floor(-dx + cx),
                _ => (int)Math.Floor(-dx + cy),
            };
        }
        for (var y = 0; y < h; y++)
        {
            var dy = y + 0.5 - cy;
            fromRow[y] = k switch
            {
                1 => (int)Math.Floor(-dy + cx),
                2 => (int)Math.Floor(-dy + cy),
                _ => (int)Math.Floor(dy + cx),
            };
        }
        // k = 2 maps columns to columns and rows to rows; k = 1, 3 map output columns to source rows and output
        // rows to source columns. Both tables step by exactly one per output column or row (up for one turn
        // direction, down for the other), so the columns that land inside the source form one run per row and
        // the source pixel moves by a fixed stride along it: each row is a black lead, a strided copy and a black
        // tail.
        var (columnLimit, rowLimit) = k == 2 ? (w, h) : (h, w);
        var (firstValid, lastValid) = ValidRun(fromColumn, columnLimit);
        var columnStride = w < 2 ? 0 : (fromColumn[1] - fromColumn[0]) * (k == 2 ? 3 : w * 3);
        var output = destination.AsSpan(0, w * h * 3);
        fixed (byte* source = p)
        fixed (byte* target = destination)
        {
            for (var y = 0; y < h; y++)
            {
                var fr = fromRow[y];
                var row = y * w * 3;
                if (fr < 0 || fr >= rowLimit || firstValid > lastValid)
                {
                    output.Slice(row, w * 3).Clear();
                    continue;
                }
                output.Slice(row, firstValid * 3).Clear();
                output.Slice(row + ((lastValid + 1) * 3), (w - 1 - lastValid) * 3).Clear();
                var fc = fromColumn[firstValid];
                var from = source + (k == 2 ? ((fr * w) + fc) * 3 : ((fc * w) + fr) * 3);
                var to = target + row + (firstValid * 3);
                for (var x = firstValid; x <= lastValid; x++, from += columnStride, to += 3)
                {
                    to[0] = from[0];
                    to[1] = from[1];
                    to[2] = from[2];
                }
            }
        }
    }

    /// <summary>The first and last index whose table entry lies in [0, limit) (first > last when none does).</summary>
    private static (int First, int Last) ValidRun(int[] table, int limit)
    {
        var first = 0;
        while (first < table.Length && (table[first] < 0 || table[first] >= limit))
        {
            first++;
        }
        var last = table.Length - 1;
        while (last >= first && (table[last] < 0 || table[last] >= limit))
        {
            last--;
        }
        return (first, last);
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
