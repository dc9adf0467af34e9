using SkiaSharp;

namespace SoundSight.Rendering;

/// <summary>A drawn surface as PNG bytes, encoded the one way every chart and contact sheet is written.</summary>
public static class PngSnapshot
{
    public static byte[] Encode(SKSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
