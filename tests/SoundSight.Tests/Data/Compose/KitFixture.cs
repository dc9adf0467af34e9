namespace SoundSight.Tests.Data.Compose;

/// <summary>Small kits copied from the embedded one (assets/kit, beside the CLI), so tests stay fast and real.</summary>
internal static class KitFixture
{
    public static string Embedded => Path.Combine(AppContext.BaseDirectory, "assets", "kit");

    /// <summary>Copies the first <paramref name="clips"/> sounds and all pictures of each category into <paramref name="dir"/>.</summary>
    public static string Small(string dir, int clips = 3, params string[] categories)
    {
        if (categories.Length == 0)
        {
            categories = ["piano", "bird", "drum", "man"];
        }
        foreach (var c in categories)
        {
            var images = Directory.CreateDirectory(Path.Combine(dir, "images", c)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(Embedded, "images", c)))
            {
                File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
            }
            var sounds = Directory.CreateDirectory(Path.Combine(dir, "sounds", c)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(Embedded, "sounds", c)).Order(StringComparer.Ordinal).Take(clips))
            {
                File.Copy(f, Path.Combine(sounds, Path.GetFileName(f)));
            }
        }
        return dir;
    }
}
