using SkiaSharp;
using SoundSight.Maps;

namespace SoundSight.Localization;

/// <summary>
/// Renders a localization map over the picture it belongs to: jet colours blended at alpha 0.5 over the picture
/// at its original size (as the authors' utils.overlay), with the peak marked by a ring and a cross.
/// </summary>
public sealed class HeatmapOverlay
{
    private readonly JetColormap _colormap = new();

    /// <param name="rgb">The picture, interleaved RGB bytes, row-major.</param>
    /// <param name="map">The map, any resolution, values normalised to [0, 1] (the evaluation map).</param>
    /// <returns>PNG bytes.</returns>
    public byte[] RenderPng(byte[] rgb, int width, int height, ReadOnlySpan<float> map, int mapHeight, int mapWidth, double alpha = 0.5)
    {
        using var image = Render(rgb, width, height, map, mapHeight, mapWidth, alpha);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>As <see cref="RenderPng"/>, but the overlay as interleaved RGB bytes (a video frame).</summary>
    public byte[] RenderRgb(byte[] rgb, int width, int height, ReadOnlySpan<float> map, int mapHeight, int mapWidth, double alpha = 0.5)
    {
        using var image = Render(rgb, width, height, map, mapHeight, mapWidth, alpha);
        return ToRgb(image);
    }

    /// <summary>Interleaved RGB bytes of an image.</summary>
    public static byte[] ToRgb(SKImage image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(rgba, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            image.ReadPixels(info, handle.AddrOfPinnedObject(), info.RowBytes, 0, 0);
        }
        finally
        {
            handle.Free();
        }
        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return rgb;
    }

    /// <summary>The overlay as an image (the caller disposes it).</summary>
    public SKImage Render(byte[] rgb, int width, int height, ReadOnlySpan<float> map, int mapHeight, int mapWidth, double alpha = 0.5)
    {
        using var picture = ToBitmap(rgb, width, height);
        using var colours = new SKBitmap(new SKImageInfo(mapWidth, mapHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var (min, max) = Range(map);
        var peak = 0;
        // Filled as one array (SetPixel per pixel made video frames slow); same pixels.
        var pixels = new byte[map.Length * 4];
        for (var i = 0; i < map.Length; i++)
        {
            var v = max > min ? (map[i] - min) / (max - min) : 0;
            var (r, g, b) = _colormap.Map(v);
            pixels[i * 4] = r;
            pixels[(i * 4) + 1] = g;
            pixels[(i * 4) + 2] = b;
            pixels[(i * 4) + 3] = 255;
            if (map[i] > map[peak])
            {
                peak = i;
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, colours.GetPixels(), pixels.Length);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        using (var pictureImage = SKImage.FromBitmap(picture))
        {
            canvas.DrawImage(pictureImage, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using (var heat = SKImage.FromBitmap(colours))
        using (var paint = new SKPaint { Color = SKColors.White.WithAlpha((byte)Math.Round(alpha * 255)) })
        {
            canvas.DrawImage(heat, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear), paint);
        }

        // Peak at the centre of its map cell, in picture pixels.
        var peakX = ((peak % mapWidth) + 0.5f) * width / mapWidth;
        var peakY = ((peak / mapWidth) + 0.5f) * height / mapHeight;
        var radius = Math.Max(4f, Math.Min(width, height) / 20f);
        var stroke = Math.Max(1.5f, radius / 4);
        using (var outline = new SKPaint { Color = SKColors.Black, IsStroke = true, StrokeWidth = stroke + 2, IsAntialias = true })
        using (var ring = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = stroke, IsAntialias = true })
        {
            foreach (var paint in new[] { outline, ring })
            {
                canvas.DrawCircle(peakX, peakY, radius, paint);
                canvas.DrawLine(peakX - (radius * 1.6f), peakY, peakX - (radius * 0.6f), peakY, paint);
                canvas.DrawLine(peakX + (radius * 0.6f), peakY, peakX + (radius * 1.6f), peakY, paint);
                canvas.DrawLine(peakX, peakY - (radius * 1.6f), peakX, peakY - (radius * 0.6f), paint);
                canvas.DrawLine(peakX, peakY + (radius * 0.6f), peakX, peakY + (radius * 1.6f), paint);
            }
        }

        return surface.Snapshot();
    }

    private static (float Min, float Max) Range(ReadOnlySpan<float> map)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in map)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }
        return (min, max);
    }

    public static SKBitmap ToBitmap(byte[] rgb, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        for (int i = 0, j = 0; i < width * height; i++, j += 3)
        {
            pixels[i * 4] = rgb[j];
            pixels[(i * 4) + 1] = rgb[j + 1];
            pixels[(i * 4) + 2] = rgb[j + 2];
            pixels[(i * 4) + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }
}
