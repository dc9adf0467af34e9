using System.Globalization;
using SoundSight.Protocol;

namespace SoundSight.Preparation;

/// <summary>
/// What a prepared clip is: the frame at <see cref="FrameSeconds"/> into the clip (or its <see cref="FrameIndex"/>-th
/// frame), and <see cref="ClipSeconds"/> of sound from the clip start as <see cref="SampleRate"/> mono 16-bit PCM.
/// </summary>
public sealed record PrepareSettings
{
    /// <summary>Time of the frame inside the clip: 5.0 s, the centre of the 10-s clip and of the official audio window.</summary>
    public double FrameSeconds { get; init; } = 5.0;

    /// <summary>When set, the frame is the clip's n-th decoded frame (0-based) instead of the frame at a time.</summary>
    public int? FrameIndex { get; init; }

    public double ClipSeconds { get; init; } = OfficialProtocol.ClipSeconds;

    public int SampleRate { get; init; } = OfficialProtocol.SampleRate;

    /// <summary>Audio this much shorter than the clip is padded with silence; shorter still is a failure.</summary>
    public double ShortfallToleranceSeconds { get; init; } = 0.25;

    /// <summary>JPEG quality on ffmpeg's -q:v scale (2 = best usual).</summary>
    public int JpegQuality { get; init; } = 2;

    /// <summary>The settings in one line, stored in the journal so a resumed run refuses different settings.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"frame={(FrameIndex is { } n ? $"#{n}" : $"{FrameSeconds:R}s")} clip={ClipSeconds:R}s rate={SampleRate} q={JpegQuality}");
}
