namespace SoundSight.Data.Compose;

/// <summary>One sound clip of an asset kit, mono at 16 kHz (resampled on load when needed).</summary>
public sealed record KitSound(string Category, string Path, float[] Samples)
{
    /// <summary>The clip's name without folder or extension, unique within its category.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}
