using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>Shape of the audio encoder's input, [Channels, FrequencyBins, TimeFrames], C order.</summary>
public readonly record struct SpectrogramShape(int Channels, int FrequencyBins, int TimeFrames)
{
    /// <summary>1 x 257 x 299: the official 3-s window at 16 kHz.</summary>
    public static SpectrogramShape Official => new(1, OfficialProtocol.FrequencyBins, OfficialProtocol.TimeFrames);

    /// <summary>Number of values.</summary>
    public int Count => Channels * FrequencyBins * TimeFrames;

    public int[] ToArray() => [Channels, FrequencyBins, TimeFrames];

    public override string ToString() => $"{Channels}x{FrequencyBins}x{TimeFrames}";
}
