using System.Collections.Concurrent;
using SkiaSharp;
using SoundSight.Runtime;

namespace SoundSight.Data.Compose;

/// <summary>
/// Pastes object cut-outs onto a background: each object is scaled so its longer side (or, with
/// <see cref="ObjectScale.BoxArea"/>, the square root of its box area) is a random share of the picture's side, mirrored at random and put at a random place fully inside the picture, in random depth order.
/// A layout in which objects hide more than the allowed share of one another is drawn again (after ten tries with
/// progressively smaller objects). Masks and boxes come from the very alpha that was composited: a pixel belongs
/// to an object when the object's alpha, times what the objects in front of it let through, is at least 1/2.
/// </summary>
public sealed class SceneComposer : IDisposable
{
    private const int Attempts = 40;
    private readonly ConcurrentDictionary<KitObject, SKImage> _images = new(ReferenceEqualityComparer.Instance);
    private readonly ComposeOptions _options;

    public SceneComposer(ComposeOptions options)
    {
        _options = options;
    }

    public void Dispose()
    {
        foreach (var image in _images.Values)
        {
            image.Dispose();
        }
        _images.Clear();
    }

    /// <summary>Composes one scene from a background (RGB, size x size) and the objects to paste.</summary>
    /// <param name="objectSide">An object's size (<see cref="ComposeOptions.ObjectScale"/>) as a share of the picture's side: uniform in [Min, Max].</param>
    public ComposedScene Compose(int size, byte[] background, IReadOnlyList<(KitObject Object, bool Sounding)> objects, (double Min, double Max) objectSide, SeededRandom rng)
    {
        Layout? best = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var shrink = attempt < 10 ? 1.0 : Math.Pow(0.93, attempt - 9);
            var plan = Plan(size, objects, objectSide, rng, shrink);
            if (plan is null)
            {
                continue;
            }
            var layout = Draw(plan);
            if (best is null || layout.WorstVisibleShare > best.WorstVisibleShare)
            {
                best = layout;
            }
            if (layout.WorstVisibleShare >= 1 - _options.MaxOcclusion)
            {
                break;
            }
        }
        // Forty failed plans are practically impossible with sane options; the smallest objects side by side then.
        best ??= Draw(Fallback(size, objects));
        return Render(size, background, best);
    }

    private sealed record Placement(KitObject Object, bool Sounding, int X, int Y, int Width, int Height, bool Flipped);

    /// <summary>
    /// Places the objects back to front, each at up to <see cref="PositionTries"/> random positions, keeping the
    /// first at which no object behind it loses more than the allowed share; occlusion is estimated on a coarse
    /// grid from the cut-outs' own alpha (nearest sample), so planning costs no rendering. Null when an object
    /// finds no place.
    /// </summary>
    private List<Placement>? Plan(int size, IReadOnlyList<(KitObject Object, bool Sounding)> objects, (double Min, double Max) objectSide, SeededRandom rng, double shrink)
    {
        var step = Math.Max(1, size / 56);
        var cells = (size + step - 1) / step;
        var order = rng.Permutation(objects.Count);
        var placed = new List<Placement>(objects.Count);
        var ownCells = new List<float[]>();
        var visibleCells = new List<float[]>();
        foreach (var index in order)
        {
            var (obj, sounding) = objects[index];
            var side = rng.Uniform(objectSide.Min, objectSide.Max) * shrink * size;
            var longer = (double)Math.Max(obj.Width, obj.Height);
            var scale = _options.ObjectScale == ObjectScale.BoxArea
                ? Math.Min(side / Math.Sqrt((double)obj.Width * obj.Height), shrink * size / longer)
                : side / longer;
            var w = Math.Clamp((int)Math.Round(obj.Width * scale), 1, size);
            var h = Math.Clamp((int)Math.Round(obj.Height * scale), 1, size);
            var flipped = rng.NextDouble() < _options.FlipProbability;
            Placement? accepted = null;
            float[]? acceptedAlpha = null;
            for (var t = 0; t < PositionTries && accepted is null; t++)
            {
                var candidate = new Placement(obj, sounding, rng.Next(size - w + 1), rng.Next(size - h + 1), w, h, flipped);
                var alpha = CoarseAlpha(candidate, step, cells);
                var fits = true;
                for (var k = 0; k < placed.Count && fits; k++)
                {
                    fits = CoarseShare(ownCells[k], visibleCells[k], alpha) >= 1 - _options.MaxOcclusion;
                }
                if (fits)
                {
                    accepted = candidate;
                    acceptedAlpha = alpha;
                }
            }
            if (accepted is null)
            {
                return null;
            }
            for (var k = 0; k < placed.Count; k++)
            {
                var v = visibleCells[k];
                for (var i = 0; i < v.Length; i++)
                {
                    v[i] *= 1 - acceptedAlpha![i];
                }
            }
            placed.Add(accepted);
            ownCells.Add(acceptedAlpha!);
            visibleCells.Add((float[])acceptedAlpha!.Clone());
        }
        return placed;
    }

    private const int PositionTries = 12;

    /// <summary>The placed cut-out's alpha at the centres of a grid of step x step cells over the scene.</summary>
    private static float[] CoarseAlpha(Placement p, int step, int cells)
    {
        var alpha = new float[cells * cells];
        var o = p.Object;
        for (var cy = p.Y / step; cy * step < p.Y + p.Height && cy < cells; cy++)
        {
            var sy = (cy * step) + (step / 2);
            if (sy < p.Y || sy >= p.Y + p.Height)
            {
                continue;
            }
            var srcY = Math.Min(o.Height - 1, (int)((sy - p.Y + 0.5) * o.Height / p.Height));
            for (var cx = p.X / step; cx * step < p.X + p.Width && cx < cells; cx++)
            {
                var sx = (cx * step) + (step / 2);
                if (sx < p.X || sx >= p.X + p.Width)
                {
                    continue;
                }
                var srcX = Math.Min(o.Width - 1, (int)((sx - p.X + 0.5) * o.Width / p.Width));
                if (p.Flipped)
                {
                    srcX = o.Width - 1 - srcX;
                }
                alpha[(cy * cells) + cx] = o.Rgba[(4 * ((srcY * o.Width) + srcX)) + 3] / 255f;
            }
        }
        return alpha;
    }

    private static double CoarseShare(float[] own, float[] visible, float[] front)
    {
        int total = 0, kept = 0;
        for (var i = 0; i < own.Length; i++)
        {
            if (own[i] >= 0.5f)
            {
                total++;
                kept += visible[i] * (1 - front[i]) >= 0.5f ? 1 : 0;
            }
        }
        return total == 0 ? 1 : kept / (double)total;
    }

    private List<Placement> Fallback(int size, IReadOnlyList<(KitObject Object, bool Sounding)> objects)
    {
        var cell = size / Math.Max(1, objects.Count);
        return objects.Select((o, i) =>
        {
            var scale = cell / (double)Math.Max(o.Object.Width, o.Object.Height);
            var w = Math.Clamp((int)(o.Object.Width * scale), 1, cell);
            var h = Math.Clamp((int)(o.Object.Height * scale), 1, size);
            return new Placement(o.Object, o.Sounding, i * cell, (size - h) / 2, w, h, false);
        }).ToList();
    }

    private sealed record Patch(KitObject Object, bool Sounding, int X, int Y, int Width, int Height, bool Flipped, byte[] PremulRgba);

    private sealed record Layout(IReadOnlyList<Patch> Patches, float[][] Visible, int[] OwnPixels, int[] VisiblePixels)
    {
        public double WorstVisibleShare => Enumerable.Range(0, Patches.Count).Select(i => OwnPixels[i] == 0 ? 0 : VisiblePixels[i] / (double)OwnPixels[i]).DefaultIfEmpty(1).Min();
    }

    private Layout Draw(IReadOnlyList<Placement> plan)
    {
        var patches = plan.Select(p => new Patch(p.Object, p.Sounding, p.X, p.Y, p.Width, p.Height, p.Flipped, RenderPatch(p.Object, p.Width, p.Height, p.Flipped))).ToList();
        // Visible alpha of each patch after the patches in front of it (later in the list) are laid over it.
        var visible = new float[patches.Count][];
        var own = new int[patches.Count];
        for (var k = 0; k < patches.Count; k++)
        {
            var rgba = patches[k].PremulRgba;
            var v = visible[k] = new float[rgba.Length / 4];
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = rgba[(4 * i) + 3] / 255f;
                own[k] += v[i] >= 0.5f ? 1 : 0;
            }
        }
        for (var front = 1; front < patches.Count; front++)
        {
            var f = patches[front];
            for (var back = 0; back < front; back++)
            {
                var b = patches[back];
                int x1 = Math.Max(f.X, b.X), x2 = Math.Min(f.X + f.Width, b.X + b.Width);
                int y1 = Math.Max(f.Y, b.Y), y2 = Math.Min(f.Y + f.Height, b.Y + b.Height);
                for (var y = y1; y < y2; y++)
                {
                    for (var x = x1; x < x2; x++)
                    {
                        visible[back][((y - b.Y) * b.Width) + (x - b.X)] *= 1 - (f.PremulRgba[(4 * (((y - f.Y) * f.Width) + (x - f.X))) + 3] / 255f);
                    }
                }
            }
        }
        var seen = new int[patches.Count];
        for (var k = 0; k < patches.Count; k++)
        {
            foreach (var a in visible[k])
            {
                seen[k] += a >= 0.5f ? 1 : 0;
            }
        }
        return new Layout(patches, visible, own, seen);
    }

    private byte[] RenderPatch(KitObject obj, int width, int height, bool flipped)
    {
        var image = _images.GetOrAdd(obj, o =>
        {
            var info = new SKImageInfo(o.Width, o.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using var data = SKData.CreateCopy(o.Rgba);
            return SKImage.FromPixels(info, data, info.RowBytes);
        });
        var target = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(target);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        if (flipped)
        {
            canvas.Scale(-1, 1, width / 2f, 0);
        }
        // Mipmaps keep shrunken cut-outs free of aliasing; enlarging uses bilinear filtering.
        canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var pixels = new byte[target.BytesSize];
        unsafe
        {
            fixed (byte* p = pixels)
            {
                surface.ReadPixels(target, (IntPtr)p, target.RowBytes, 0, 0);
            }
        }
        return pixels;
    }

    private static ComposedScene Render(int size, byte[] background, Layout layout)
    {
        var canvas = new float[size * size * 3];
        for (var i = 0; i < canvas.Length; i++)
        {
            canvas[i] = background[i];
        }
        foreach (var p in layout.Patches)
        {
            for (var y = 0; y < p.Height; y++)
            {
                for (var x = 0; x < p.Width; x++)
                {
                    var s = 4 * ((y * p.Width) + x);
                    var a = p.PremulRgba[s + 3] / 255f;
                    if (a == 0)
                    {
                        continue;
                    }
                    var d = 3 * (((p.Y + y) * size) + p.X + x);
                    for (var c = 0; c < 3; c++)
                    {
                        canvas[d + c] = p.PremulRgba[s + c] + (canvas[d + c] * (1 - a));
                    }
                }
            }
        }
        var rgb = new byte[canvas.Length];
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)Math.Clamp(MathF.Round(canvas[i]), 0, 255);
        }
        var placed = new List<PlacedObject>(layout.Patches.Count);
        for (var k = 0; k < layout.Patches.Count; k++)
        {
            var p = layout.Patches[k];
            var mask = new bool[size * size];
            int x1 = size, y1 = size, x2 = 0, y2 = 0;
            for (var y = 0; y < p.Height; y++)
            {
                for (var x = 0; x < p.Width; x++)
                {
                    if (layout.Visible[k][(y * p.Width) + x] >= 0.5f)
                    {
                        int sx = p.X + x, sy = p.Y + y;
                        mask[(sy * size) + sx] = true;
                        x1 = Math.Min(x1, sx);
                        y1 = Math.Min(y1, sy);
                        x2 = Math.Max(x2, sx + 1);
                        y2 = Math.Max(y2, sy + 1);
                    }
                }
            }
            var box = x2 > x1 ? new PixelBox(x1, y1, x2, y2) : new PixelBox(0, 0, 0, 0);
            var share = layout.OwnPixels[k] == 0 ? 0 : layout.VisiblePixels[k] / (double)layout.OwnPixels[k];
            placed.Add(new PlacedObject(p.Object, p.Sounding, p.X, p.Y, p.Width, p.Height, p.Flipped, mask, box) { VisibleShare = share });
        }
        return new ComposedScene(size, rgb, placed);
    }
}
