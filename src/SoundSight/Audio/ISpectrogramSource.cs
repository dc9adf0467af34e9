namespace SoundSight.Audio;

/// <summary>
/// A method's audio front end: a sound to the audio encoder's input, [1, <see cref="FrequencyBins"/>,
/// <see cref="Frames"/>] float32 values in C order. The authors' is <see cref="AudioFrontEnd"/>; competing methods
/// bring their own (each reads the sound as its official loader does).
/// </summary>
public interface ISpectrogramSource
{
    int FrequencyBins { get; }

    int Frames { get; }

    /// <summary>The encoder input for one sound (<see cref="AudioClip.Source"/> names its file).</summary>
    float[] LogSpectrogram(AudioClip clip);
}
