namespace SoundSight.Data.Compose;

/// <summary>
/// One object cut-out of an asset kit: RGBA with straight (unpremultiplied) alpha, row-major. The alpha channel
/// is the object's exact mask.
/// </summary>
public sealed record KitObject(string Category, string Path, int Width, int Height, byte[] Rgba);
