namespace SoundSight.Audio;

/// <summary>
/// A method's audio front end: a sound to the audio encoder's input, [1, bins, frames] float32 values in C order.
/// The authors' is <see cref="AudioFrontEnd"/>; competing methods bring their own, each reading the sound as its
/// official loader does (some from the file itself, at its own rate, so frames can vary with the file).
/// </summary>
public interface ISpectrogramSource
{
    /// <summary>Rows of the input.</summary>
    int FrequencyBins { get; }

    /// <summary>Columns for a 16-kHz sound (the shape of a blank placeholder input).</summary>
    int Frames { get; }

    /// <summary>The encoder input for one sound (<see cref="AudioClip.Source"/> names its file) and its columns.</summary>
    (float[] Values, int Frames) EncoderInput(AudioClip clip);
}
