using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>
/// Which part of a clip becomes the spectrogram: audio is tiled or cut to <see cref="ClipSeconds"/>, then samples
/// [int(rate * StartSeconds), int(rate * EndSeconds)) are kept, as the official test loader does with its
/// audio_length, st and fi.
/// </summary>
public sealed record AudioWindow
{
    public AudioWindow(double clipSeconds, double startSeconds, double endSeconds)
    {
        if (!(clipSeconds > 0) || !double.IsFinite(clipSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(clipSeconds), clipSeconds, "clip length must be a positive number of seconds");
        }
        if (!(startSeconds >= 0) || !(endSeconds > startSeconds) || !(endSeconds <= clipSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(endSeconds), $"window [{startSeconds}, {endSeconds}) s must lie inside the {clipSeconds}-s clip and be non-empty");
        }
        ClipSeconds = clipSeconds;
        StartSeconds = startSeconds;
        EndSeconds = endSeconds;
    }

    /// <summary>The official test protocol (Flickr, VGG-SS, IS3, VPO): 10-s clip, window 3.5-6.5 s.</summary>
    public static AudioWindow Official { get; } =
        new(OfficialProtocol.ClipSeconds, OfficialProtocol.WindowStartSeconds, OfficialProtocol.WindowEndSeconds);

    /// <summary>The official loader's AVSBench setting (testset 'ms3' and 's4'): 5-s clip, window 1-4 s.</summary>
    public static AudioWindow AvsBench { get; } = new(5.0, 1.0, 4.0);

    /// <summary>A window of <paramref name="seconds"/> with the same centre, in the same clip (for models trained on shorter windows).</summary>
    public AudioWindow Centred(double seconds)
    {
        var centre = (StartSeconds + EndSeconds) / 2;
        return new AudioWindow(ClipSeconds, centre - (seconds / 2), centre + (seconds / 2));
    }

    /// <summary>Length the audio is tiled or cut to, seconds.</summary>
    public double ClipSeconds { get; }

    /// <summary>Window start inside the clip, seconds.</summary>
    public double StartSeconds { get; }

    /// <summary>Window end inside the clip, seconds (exclusive).</summary>
    public double EndSeconds { get; }

    /// <summary>Samples in the clip: int(rate * ClipSeconds).</summary>
    public int ClipSampleCount(int sampleRate = OfficialProtocol.SampleRate) => (int)(sampleRate * ClipSeconds);

    /// <summary>The window as a half-open sample range [int(rate * start), int(rate * end)).</summary>
    public (int Start, int End) SampleRange(int sampleRate = OfficialProtocol.SampleRate) =>
        ((int)(sampleRate * StartSeconds), (int)(sampleRate * EndSeconds));

    /// <summary>Samples in the window.</summary>
    public int SampleCount(int sampleRate = OfficialProtocol.SampleRate)
    {
        var (start, end) = SampleRange(sampleRate);
        return end - start;
    }
}
