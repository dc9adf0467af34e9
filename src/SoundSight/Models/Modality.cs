namespace SoundSight.Models;

/// <summary>Which stem an encoder uses: the RGB conv1 or the one-channel spectrogram conv1_a.</summary>
public enum Modality
{
    Vision,
    Audio,
}
