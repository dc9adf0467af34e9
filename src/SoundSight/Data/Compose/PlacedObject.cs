
namespace SoundSight.Data.Compose;

/// <summary>
/// An object as it ended up in a scene: where its cut-out was pasted (top-left, scaled size, mirrored or not), the
/// pixels where it is visible (its alpha after the objects in front of it, at least one half), and the tight box
/// of those pixels in scene pixels (right and bottom exclusive).
/// </summary>
public sealed record PlacedObject(KitObject Source, bool Sounding, int X, int Y, int Width, int Height, bool Flipped, bool[] Mask, PixelBox Box)
{
    public string Category => Source.Category;

    /// <summary>Share of the object's own (unoccluded) mask that stays visible.</summary>
    public double VisibleShare { get; init; } = 1.0;
}

/// <summary>A box in pixels: [X1, X2) x [Y1, Y2).</summary>
public readonly record struct PixelBox(int X1, int Y1, int X2, int Y2)
{
    public int Width => X2 - X1;

    public int Height => Y2 - Y1;

    /// <summary>
    /// The box in the 224-px frame the official IS3 annotations use (gt_box), widened to whole pixels so that the
    /// official bbox2gtmap, which fills [y1:y2, x1:x2], covers every object pixel.
    /// </summary>
    public (int X1, int Y1, int X2, int Y2) To224(int sceneSize)
    {
        const int frame = 224;
        static int Floor(int v, int size) => (int)((long)v * frame / size);
        static int Ceil(int v, int size) => (int)((((long)v * frame) + size - 1) / size);
        return (Floor(X1, sceneSize), Floor(Y1, sceneSize), Math.Min(frame, Ceil(X2, sceneSize)), Math.Min(frame, Ceil(Y2, sceneSize)));
    }
}
