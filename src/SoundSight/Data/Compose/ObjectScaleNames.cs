namespace SoundSight.Data.Compose;

/// <summary>The names compose's flag and its compose.json use for <see cref="ObjectScale"/>.</summary>
public static class ObjectScaleNames
{
    public const string LongerSide = "longer-side";
    public const string BoxArea = "box-area";

    public static string Name(ObjectScale scale) => scale == ObjectScale.BoxArea ? BoxArea : LongerSide;

    /// <summary>The scale of a name; null for any other text.</summary>
    public static ObjectScale? Parse(string name) => name switch
    {
        LongerSide => ObjectScale.LongerSide,
        BoxArea => ObjectScale.BoxArea,
        _ => null,
    };
}
