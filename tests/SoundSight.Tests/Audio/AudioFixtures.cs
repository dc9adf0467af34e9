namespace SoundSight.Tests.Audio;

internal static class AudioFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audio", name);
}
