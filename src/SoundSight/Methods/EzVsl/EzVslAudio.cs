using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Methods.EzVsl;

/// <summary>
/// The audio front ends of test.py's datasets.py (PyAV decode, scipy spectrogram). Interim: the front ends come
/// from the formats branch; until it is merged they refuse to run.
/// </summary>
public static class EzVslAudio
{
    /// <summary>datasets.load_spectrogram: the whole clip of <paramref name="clipSeconds"/>, rolled to its centre, cropped to 257 x 200.</summary>
    public static ISpectrogramSource Centred(double clipSeconds) => throw new InputException("--method", $"the PyAV audio front end ({clipSeconds} s) is not in this build yet");

    /// <summary>datasets.load_spectrogram_fnac: 3 s around the middle.</summary>
    public static ISpectrogramSource MiddleThreeSeconds() => throw new InputException("--method", "FNAC's PyAV audio front end is not in this build yet");
}
