using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Methods;

/// <summary>The file behind a sound, for front ends that read the file itself (as the competing methods' loaders do).</summary>
public static class SoundFile
{
    public static string Of(AudioClip clip, string method)
    {
        if (!File.Exists(clip.Source))
        {
            throw new InputException(clip.Source, $"{method}'s audio front end reads the sound file itself (at its own rate and channels): give a file, not a cut of a track");
        }
        return clip.Source;
    }
}
