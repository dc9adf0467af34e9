namespace SoundSight.Imaging;

/// <summary>A decoded picture: interleaved 8-bit RGB, row-major, no padding.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels, string source)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size {width} x {height} is empty");
        }
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"{pixels.Length} bytes for a {width} x {height} RGB image");
        }
        Width = width;
        Height = height;
        Pixels = pixels;
        Source = source;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    /// <summary>The file (or video and time) it came from, for messages and output names.</summary>
    public string Source { get; }
}
