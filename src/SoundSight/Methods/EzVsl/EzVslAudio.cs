using SoundSight.Audio;
using SoundSight.Methods.AudioFrontEnds;

namespace SoundSight.Methods.EzVsl;

/// <summary>The audio front ends of test.py's datasets.py as the EZ-VSL family's <see cref="ISpectrogramSource"/>.</summary>
public static class EzVslAudio
{
    /// <summary>datasets.load_spectrogram: the clip of <paramref name="clipSeconds"/>, rolled to its centre, cropped to 257 x 200.</summary>
    public static ISpectrogramSource Centred(double clipSeconds) => new Centre(new EzVslAudioFrontEnd(clipSeconds));

    /// <summary>datasets.load_spectrogram_fnac: 3 s around the middle, no roll, no crop.</summary>
    public static ISpectrogramSource MiddleThreeSeconds() => new Middle(new FnacAudioFrontEnd());

    private sealed class Centre(EzVslAudioFrontEnd frontEnd) : ISpectrogramSource
    {
        public int FrequencyBins => EzVslAudioFrontEnd.FrequencyBins;

        public int Frames => EzVslAudioFrontEnd.Frames;

        public (float[] Values, int Frames) EncoderInput(AudioClip clip)
        {
            using var file = SoundFile.Of(clip, "EZ-VSL");
            return (frontEnd.LogSpectrogram(file.Path), Frames);
        }
    }

    private sealed class Middle(FnacAudioFrontEnd frontEnd) : ISpectrogramSource
    {
        public int FrequencyBins => EzVslAudioFrontEnd.FrequencyBins;

        public int Frames => FnacAudioFrontEnd.Shape(16000).TimeFrames;

        public (float[] Values, int Frames) EncoderInput(AudioClip clip)
        {
            using var file = SoundFile.Of(clip, "FNAC");
            var values = frontEnd.LogSpectrogram(file.Path);
            return (values, values.Length / FrequencyBins);
        }
    }
}
