namespace SoundSight.Data.Compose;

/// <summary>A composed square picture (RGB, row-major) with its objects, back to front.</summary>
public sealed record ComposedScene(int Size, byte[] Rgb, IReadOnlyList<PlacedObject> Objects)
{
    public IEnumerable<PlacedObject> Sounding => Objects.Where(o => o.Sounding);
}
