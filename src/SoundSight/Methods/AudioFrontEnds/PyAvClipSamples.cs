using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// The steps datasets.load_spectrogram and load_spectrogram_fnac (SSLalignment) share after load_audio_av:
/// int16 / 32767 (np.iinfo(int16).max), np.clip to [-1, 1], the mean over the one channel (the identity), and
/// np.tile to the clip length when shorter, then the clip's first samples; and the scipy log spectrogram
/// (nperseg 512, noverlap 274) that follows, /12 as the loaders' Normalize(mean 0, std 12), cast to float32 as
/// the model gets spec.float().
/// </summary>
internal static class PyAvClipSamples
{
    public const int SegmentLength = 512;
    public const int Overlap = 274;

    /// <summary>
    /// leadingZeros zeros then samples from start on (fewer where the file ends), count values at most, / 32767 and
    /// clipped: load_audio_av's np.pad of a negative offset, its slice, and the loaders' scaling.
    /// </summary>
    public static double[] Normalised(short[] samples, long start, long leadingZeros, long count)
    {
        var zeros = Math.Min(leadingZeros, count);
        var available = Math.Max(Math.Min(count - zeros, samples.LongLength - start), 0);
        var result = new double[zeros + available];
        for (var i = 0L; i < available; i++)
        {
            var x = samples[start + i] / 32767.0;
            result[zeros + i] = x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
        }
        return result;
    }

    /// <summary>np.tile(audio, int(rate * seconds / len) + 1)[:int(rate * seconds)] when shorter than that, else the first samples.</summary>
    public static double[] TiledTo(double[] audio, int sampleRate, double seconds, string source)
    {
        var target = (long)(sampleRate * seconds);
        if (audio.Length == 0)
        {
            throw new InputException(source, "contains no audio samples in the part the method reads");
        }
        var result = new double[target];
        for (var i = 0L; i < target; i++)
        {
            result[i] = audio[i % audio.Length];
        }
        return result;
    }

    /// <summary>The [257][frames] float32 log spectrogram of frames [first, first + frames) of the whole signal's spectrogram.</summary>
    public static float[] LogSpectrogram(double[] audio, int sampleRate, int first, int frames)
    {
        var spectrogram = new Spectrogram(SegmentLength, Overlap);
        var start = (long)first * spectrogram.Step;
        var length = ((long)(frames - 1) * spectrogram.Step) + SegmentLength;
        var power = spectrogram.PowerSpectralDensity(audio.AsSpan((int)start, (int)length), sampleRate);
        var result = new float[power.Length];
        AudioFrontEnd.LogScaled(power, result);
        return result;
    }

    /// <summary>Frames of scipy's spectrogram for this many samples.</summary>
    public static int FrameCount(long samples, string source) => samples >= SegmentLength
        ? (int)((samples - Overlap) / (SegmentLength - Overlap))
        : throw new InputException(source, $"the method's clip has {samples} samples, fewer than one {SegmentLength}-sample segment (sample rate too low)");
}
