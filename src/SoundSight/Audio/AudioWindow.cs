using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>
/// Which part of a sound the model hears: the clip is tiled or cut to <see cref="ClipSeconds"/>, then the window
/// [<see cref="StartSeconds"/>, <see cref="EndSeconds"/>) of it is taken (sample indices computed at 16 kHz, as the
/// official loader does).
/// </summary>
public sealed record AudioWindow(double ClipSeconds, double StartSeconds, double EndSeconds)
{
    /// <summary>The official window: 3 s in the middle of a 10-s clip (samples [56000, 104000) at 16 kHz).</summary>
    public static AudioWindow Official { get; } = new(OfficialProtocol.ClipSeconds, OfficialProtocol.WindowStartSeconds, OfficialProtocol.WindowEndSeconds);

    /// <summary>AVSBench S4/MS3: [1 s, 4 s) of the 5-s clip, as the official loader does for those sets.</summary>
    public static AudioWindow AvsBench { get; } = new(5, 1, 4);

    /// <summary>First and one-past-last sample of the window at 16 kHz: [int(16000 * start), int(16000 * end)).</summary>
    public (int Start, int End) SampleRange => ((int)(OfficialProtocol.SampleRate * StartSeconds), (int)(OfficialProtocol.SampleRate * EndSeconds));

    /// <summary>Samples in the 16-kHz clip the window is cut from.</summary>
    public int ClipSamples => (int)(OfficialProtocol.SampleRate * ClipSeconds);

    /// <summary>Spectrogram frames of this window (299 for the official 3 s).</summary>
    public int Frames
    {
        get
        {
            var (start, end) = SampleRange;
            var step = OfficialProtocol.SpectrogramSegment - OfficialProtocol.SpectrogramOverlap;
            return Math.Max(0, (end - start - OfficialProtocol.SpectrogramOverlap) / step);
        }
    }

    public void Validate()
    {
        if (!(ClipSeconds > 0) || !(StartSeconds >= 0) || !(EndSeconds > StartSeconds) || EndSeconds > ClipSeconds)
        {
            throw new ArgumentException($"audio window [{StartSeconds}, {EndSeconds}) does not fit in a {ClipSeconds}-s clip");
        }
        if (Frames < 1)
        {
            throw new ArgumentException($"audio window [{StartSeconds}, {EndSeconds}) is shorter than one spectrogram segment");
        }
    }
}
