using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Methods;

/// <summary>
/// The file behind a sound, for front ends that read the file itself (as the competing methods' loaders do): the
/// sound's own file, or, for an excerpt of a track (<see cref="AudioClip.IsExcerpt"/>: `localize --video --at`),
/// the excerpt written to a temporary mono 16-bit WAV at the track's rate (PyAV hands those loaders 16-bit samples
/// too; a 16-bit track's samples are written back exactly), deleted on dispose. The excerpt is the track's first
/// channel, as localize reads a track: where PyAV would mix a stereo file down, this hears its left channel. So a video's sound around T is what such a method hears, not the track from its start.
/// </summary>
public sealed class SoundFile : IDisposable
{
    private readonly bool _temporary;

    private SoundFile(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    /// <summary>The file to read.</summary>
    public string Path { get; }

    public static SoundFile Of(AudioClip clip, string method)
    {
        if (clip.IsExcerpt)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"soundsight-excerpt-{Guid.NewGuid():N}.wav");
            // x 32768: the inverse of ffmpeg's 16-bit to float conversion, so a 16-bit track's samples come back exactly.
            var samples = new short[clip.Samples.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = (short)Math.Clamp(Math.Round(clip.Samples[i] * 32768), short.MinValue, short.MaxValue);
            }
            File.WriteAllBytes(path, WavWriter.Pcm16(samples, clip.SampleRate));
            return new SoundFile(path, temporary: true);
        }
        if (!File.Exists(clip.Source))
        {
            throw new InputException(clip.Source, $"{method}'s audio front end reads the sound file itself (at its own rate and channels): give a file, not a cut of a track");
        }
        return new SoundFile(clip.Source, temporary: false);
    }

    public void Dispose()
    {
        if (_temporary)
        {
            File.Delete(Path);
        }
    }
}
