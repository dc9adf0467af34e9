using SkiaSharp;
using SoundSight.Imaging;
using SoundSight.Runtime;

namespace SoundSight.Data.Compose;

/// <summary>
/// Paints a scene's background: an outdoor view (sky over textured ground), a room (wall over floor), a smooth
/// gradient, a texture, or blurred colour noise, all drawn with Skia from the scene's own random stream; or a
/// random square crop of one of the user's photos. Output: RGB bytes, row-major.
/// </summary>
public sealed class BackgroundPainter : IDisposable
{
    private static readonly SKColor[][] Skies =
    [
        [new(0x4A, 0x90, 0xD9), new(0xBF, 0xE3, 0xF7)],
        [new(0x2F, 0x6E, 0xBA), new(0xE8, 0xF1, 0xF8)],
        [new(0xF2, 0x8C, 0x5B), new(0xFB, 0xD7, 0x8E)],
        [new(0x8E, 0x9A, 0xA8), new(0xD9, 0xDE, 0xE3)],
        [new(0x6C, 0x5B, 0x9E), new(0xF4, 0xA2, 0x8C)],
    ];

    private static readonly SKColor[][] Grounds =
    [
        [new(0x5B, 0x8C, 0x3A), new(0x3E, 0x6B, 0x25)],
        [new(0xC8, 0xB0, 0x7A), new(0xA8, 0x8E, 0x58)],
        [new(0x7D, 0x7D, 0x78), new(0x55, 0x55, 0x52)],
        [new(0x8A, 0x6A, 0x45), new(0x5E, 0x45, 0x2B)],
        [new(0x9C, 0xB8, 0x6E), new(0x6E, 0x8E, 0x4A)],
    ];

    private static readonly SKColor[] Walls =
    [
        new(0xEE, 0xE4, 0xD3), new(0xD8, 0xE2, 0xDC), new(0xE6, 0xD5, 0xC3), new(0xC9, 0xD6, 0xE3), new(0xF0, 0xEC, 0xE2), new(0xD6, 0xC4, 0xB8),
    ];

    private static readonly SKColor[] Floors =
    [
        new(0x9B, 0x6B, 0x43), new(0x7A, 0x52, 0x30), new(0xB8, 0x8F, 0x62), new(0x8C, 0x8C, 0x8C), new(0x5E, 0x4B, 0x3C),
    ];

    private readonly IReadOnlyList<string> _photos;
    private readonly double _photoShare;
    private const int NoiseVariants = 4;
    private static readonly double[] TextureFrequencies = [0.5, 1, 2, 4];
    private readonly ImageDecoder _decoder = new(applyExifOrientation: true);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Size, double Frequency, int Variant), Lazy<SKImage>> _noise = new();

    public BackgroundPainter(IReadOnlyList<string> photos, double photoShare)
    {
        _photos = photos;
        _photoShare = photos.Count > 0 ? photoShare : 0;
    }

    public void Dispose()
    {
        foreach (var tile in _noise.Values.Where(t => t.IsValueCreated))
        {
            tile.Value.Dispose();
        }
        _noise.Clear();
    }

    /// <summary>Photos (JPEG, PNG, WebP, BMP) in a folder, sorted; an empty list for null.</summary>
    public static IReadOnlyList<string> FindPhotos(string? folder)
    {
        if (folder is null)
        {
            return [];
        }
        if (!Directory.Exists(folder))
        {
            throw new IO.InputException(folder, "no such background folder");
        }
        string[] extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];
        var photos = Directory.GetFiles(folder).Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
        return photos.Count > 0 ? photos : throw new IO.InputException(folder, "no photos (.jpg, .png, .webp, .bmp) in the background folder");
    }

    /// <summary>A size x size background, drawn from <paramref name="rng"/> only.</summary>
    public byte[] Paint(int size, SeededRandom rng)
    {
        if (_photoShare > 0 && rng.NextDouble() < _photoShare)
        {
            return Photo(size, rng);
        }
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        var kind = rng.Next(10);
        if (kind < 4)
        {
            Outdoor(canvas, size, rng);
        }
        else if (kind < 7)
        {
            Room(canvas, size, rng);
        }
        else if (kind < 8)
        {
            Gradient(canvas, size, rng);
        }
        else if (kind < 9)
        {
            Texture(canvas, size, rng);
        }
        else
        {
            ColourNoise(canvas, size, rng);
        }
        return ReadRgb(surface, size);
    }

    private void Outdoor(SKCanvas canvas, int size, SeededRandom rng)
    {
        var horizon = (float)(size * rng.Uniform(0.35, 0.65));
        var sky = Skies[rng.Next(Skies.Length)];
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, horizon), [sky[0], sky[1]], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, size, horizon + 1, paint);
        }
        // Clouds: soft white blobs in the sky.
        using (var cloud = new SKPaint { Color = new SKColor(255, 255, 255, 150), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, size / 40f) })
        {
            var clouds = rng.Next(4);
            for (var i = 0; i < clouds; i++)
            {
                float cx = (float)(size * rng.NextDouble()), cy = (float)(horizon * rng.Uniform(0.1, 0.7)), w = (float)(size * rng.Uniform(0.08, 0.2));
                canvas.DrawOval(cx, cy, w, w * 0.35f, cloud);
            }
        }
        var ground = Grounds[rng.Next(Grounds.Length)];
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, horizon), new SKPoint(0, size), [ground[0], ground[1]], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, horizon, size, size - horizon, paint);
        }
        Grain(canvas, new SKRect(0, horizon, size, size), size, rng, 0.9, 70);
    }

    private void Room(SKCanvas canvas, int size, SeededRandom rng)
    {
        var floorTop = (float)(size * rng.Uniform(0.6, 0.8));
        var wall = Walls[rng.Next(Walls.Length)];
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint((float)(size * rng.Uniform(0.5, 1.5)), floorTop), [wall, Shade(wall, 0.85)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, size, floorTop, paint);
        }
        Grain(canvas, new SKRect(0, 0, size, floorTop), size, rng, 0.3, 25);
        var floor = Floors[rng.Next(Floors.Length)];
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, floorTop), new SKPoint(0, size), [Shade(floor, 1.1), Shade(floor, 0.8)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, floorTop, size, size - floorTop, paint);
        }
        // Floorboards: a stretched noise gives the grain of wood.
        using (var grain = new SKPaint { BlendMode = SKBlendMode.Overlay, Color = SKColors.White.WithAlpha(90) })
        {
            var tile = _noise.GetOrAdd((size, -1, 0), key => new Lazy<SKImage>(() => BoardTile(key.Size))).Value;
            canvas.Save();
            canvas.ClipRect(new SKRect(0, floorTop, size, size));
            canvas.DrawImage(tile, -rng.Next(size), -rng.Next(size), SKSamplingOptions.Default, grain);
            canvas.Restore();
        }
        using var skirting = new SKPaint { Color = Shade(wall, 0.6) };
        canvas.DrawRect(0, floorTop - (size / 60f), size, size / 60f, skirting);
    }

    private static void Gradient(SKCanvas canvas, int size, SeededRandom rng)
    {
        var angle = rng.Uniform(0, Math.PI);
        float dx = (float)(Math.Cos(angle) * size / 2), dy = (float)(Math.Sin(angle) * size / 2), c = size / 2f;
        using var paint = new SKPaint();
        paint.Shader = SKShader.CreateLinearGradient(new SKPoint(c - dx, c - dy), new SKPoint(c + dx, c + dy), [RandomColour(rng), RandomColour(rng)], SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, size, size, paint);
    }

    private void Texture(SKCanvas canvas, int size, SeededRandom rng)
    {
        canvas.Clear(RandomColour(rng));
        Grain(canvas, new SKRect(0, 0, size, size), size, rng, TextureFrequencies[rng.Next(TextureFrequencies.Length)], 140);
    }

    private static void ColourNoise(SKCanvas canvas, int size, SeededRandom rng)
    {
        var cells = Math.Max(4, size / 8);
        using var noise = new SKBitmap(new SKImageInfo(cells, cells, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var baseColour = RandomColour(rng);
        var spread = rng.Uniform(20, 60);
        var pixels = new byte[cells * cells * 4];
        for (var i = 0; i < cells * cells; i++)
        {
            pixels[(4 * i) + 0] = Clamp(baseColour.Red + rng.Uniform(-spread, spread));
            pixels[(4 * i) + 1] = Clamp(baseColour.Green + rng.Uniform(-spread, spread));
            pixels[(4 * i) + 2] = Clamp(baseColour.Blue + rng.Uniform(-spread, spread));
            pixels[(4 * i) + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, noise.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(noise);
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(size / 50f, size / 50f) };
        canvas.DrawImage(image, new SKRect(-size / 20f, -size / 20f, size * 1.05f, size * 1.05f), new SKSamplingOptions(SKFilterMode.Linear), paint);
    }

    /// <summary>Overlays fractal noise (grass, sand, plaster): frequency scales with the picture so textures look alike at any size.</summary>
    private void Grain(SKCanvas canvas, SKRect area, int size, SeededRandom rng, double frequency, byte alpha)
    {
        // Skia's fractal noise costs milliseconds per picture, so each (frequency, variant) is rendered once into a
        // tile twice the picture's side and every scene overlays a random window of it.
        var variant = rng.Next(NoiseVariants);
        var tile = _noise.GetOrAdd((size, frequency, variant), key => new Lazy<SKImage>(() => NoiseTile(key.Size, key.Frequency, key.Variant))).Value;
        float dx = rng.Next(size), dy = rng.Next(size);
        using var paint = new SKPaint { BlendMode = SKBlendMode.Overlay, Color = SKColors.White.WithAlpha(alpha) };
        canvas.Save();
        canvas.ClipRect(area);
        canvas.DrawImage(tile, -dx, -dy, SKSamplingOptions.Default, paint);
        canvas.Restore();
    }

    private static SKImage BoardTile(int size)
    {
        using var surface = SKSurface.Create(new SKImageInfo(2 * size, 2 * size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var paint = new SKPaint();
        paint.Shader = SKShader.CreatePerlinNoiseFractalNoise(0.005f * 224 / size, 0.25f * 224 / size, 3, 0);
        surface.Canvas.DrawRect(0, 0, 2 * size, 2 * size, paint);
        return surface.Snapshot();
    }

    private static SKImage NoiseTile(int size, double frequency, int variant)
    {
        using var surface = SKSurface.Create(new SKImageInfo(2 * size, 2 * size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var paint = new SKPaint();
        var f = (float)(frequency * 0.05 * 224 / size);
        paint.Shader = SKShader.CreatePerlinNoiseFractalNoise(f, f, 4, variant);
        surface.Canvas.DrawRect(0, 0, 2 * size, 2 * size, paint);
        return surface.Snapshot();
    }

    private byte[] Photo(int size, SeededRandom rng)
    {
        var photo = _decoder.Decode(_photos[rng.Next(_photos.Count)]);
        var shorter = Math.Min(photo.Width, photo.Height);
        var side = (int)(shorter * rng.Uniform(0.6, 1.0));
        int x0 = rng.Next(photo.Width - side + 1), y0 = rng.Next(photo.Height - side + 1);
        using var bitmap = new SKBitmap(new SKImageInfo(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[photo.Width * photo.Height * 4];
        for (var i = 0; i < photo.Width * photo.Height; i++)
        {
            rgba[4 * i] = photo.Pixels[3 * i];
            rgba[(4 * i) + 1] = photo.Pixels[(3 * i) + 1];
            rgba[(4 * i) + 2] = photo.Pixels[(3 * i) + 2];
            rgba[(4 * i) + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var flip = rng.NextDouble() < 0.5;
        if (flip)
        {
            surface.Canvas.Scale(-1, 1, size / 2f, 0);
        }
        surface.Canvas.DrawImage(image, new SKRect(x0, y0, x0 + side, y0 + side), new SKRect(0, 0, size, size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return ReadRgb(surface, size);
    }

    private static byte[] ReadRgb(SKSurface surface, int size)
    {
        var rgba = new byte[size * size * 4];
        using (var snapshot = surface.Snapshot())
        {
            var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
            unsafe
            {
                fixed (byte* p = rgba)
                {
                    snapshot.ReadPixels(info, (IntPtr)p, size * 4, 0, 0);
                }
            }
        }
        var rgb = new byte[size * size * 3];
        for (var i = 0; i < size * size; i++)
        {
            rgb[3 * i] = rgba[4 * i];
            rgb[(3 * i) + 1] = rgba[(4 * i) + 1];
            rgb[(3 * i) + 2] = rgba[(4 * i) + 2];
        }
        return rgb;
    }

    private static SKColor RandomColour(SeededRandom rng) =>
        SKColor.FromHsv((float)rng.Uniform(0, 360), (float)rng.Uniform(15, 65), (float)rng.Uniform(45, 95));

    private static SKColor Shade(SKColor c, double f) => new(Clamp(c.Red * f), Clamp(c.Green * f), Clamp(c.Blue * f));

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
