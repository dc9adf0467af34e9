namespace SoundSight.Imaging;

/// <summary>Columns [X0, X1) and rows [Y0, Y1) of a picture: the part an operation has to compute.</summary>
public readonly record struct PixelRect(int X0, int Y0, int X1, int Y1)
{
    public static PixelRect Whole(int width, int height) => new(0, 0, width, height);

    public int Width => X1 - X0;

    public int Height => Y1 - Y0;

    /// <summary>This rectangle grown by margin on every side, kept inside a width x height picture.</summary>
    public PixelRect Grow(int margin, int width, int height) =>
        new(Math.Max(0, X0 - margin), Math.Max(0, Y0 - margin), Math.Min(width, X1 + margin), Math.Min(height, Y1 + margin));
}
