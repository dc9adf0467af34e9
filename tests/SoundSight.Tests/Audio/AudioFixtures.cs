namespace SoundSight.Tests.Audio;

/// <summary>Fixtures written by tools/golden/audio_fixtures.py.</summary>
internal static class AudioFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audio", name);
}
