using SoundSight.Audio;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// FNAC's audio input exactly as the authors' comparison code makes it (SSLalignment datasets.load_spectrogram_fnac
/// and get_test_dataset_fnac's audio_transform): EZ-VSL's front end on the 3 s around the file's middle, with no
/// roll and no crop.
/// <list type="number">
/// <item>start = max(duration / 2 - 1.5, 0) s; load_audio_av seeks to int(start * 10^6) microseconds, which FFmpeg
/// rounds to the nearest sample S, then keeps int((start - S / rate) * rate) samples further on (zeros first when
/// negative) and int(min(3, duration - start) * rate) samples (the whole file when it is shorter than 3 s);</item>
/// <item>/ 32767, clipped to [-1, 1], tiled to 3 s when shorter, cut to int(rate * 3) samples;</item>
/// <item>scipy.signal.spectrogram(nperseg 512, noverlap 274), log(P + 1e-7), / 12, float32.</item>
/// </list>
/// The output is [1][257][T], T = (int(rate * 3) - 274) // 238 (200 at 16 kHz, 554 at 44.1 kHz). Bit for bit against
/// the official loader on WAV files (CompetingAudioFrontEndTests).
/// </summary>
public sealed class FnacAudioFrontEnd
{
    /// <summary>dur of load_spectrogram_fnac.</summary>
    public const double ClipSeconds = 3.0;

    /// <summary>[1, 257, T] for a file at this rate.</summary>
    public static SpectrogramShape Shape(int sampleRate) =>
        new(1, EzVslAudioFrontEnd.FrequencyBins, PyAvClipSamples.FrameCount((long)(sampleRate * ClipSeconds), $"{sampleRate} Hz"));

    public float[] LogSpectrogram(string path) => LogSpectrogram(PyAvAudio.Load(path));

    public float[] LogSpectrogram(PyAvAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var rate = audio.SampleRate;
        var (start, zeros, count) = Range(audio.DurationSamples, rate);
        var samples = PyAvClipSamples.TiledTo(PyAvClipSamples.Normalised(audio.Samples, start, zeros, count), rate, ClipSeconds, audio.Source);
        return PyAvClipSamples.LogSpectrogram(samples, rate, 0, PyAvClipSamples.FrameCount(samples.Length, audio.Source));
    }

    /// <summary>Where load_audio_av's samples start, how many zeros it puts first, and how many it returns at most.</summary>
    internal static (long Start, long LeadingZeros, long Count) Range(long wholeSamples, int rate)
    {
        var duration = (double)wholeSamples / rate;
        var middle = (duration / 2) - (ClipSeconds / 2);
        if (!(middle >= 0))
        {
            // max(x, 0) is the integer 0: Fraction arithmetic, no seek offset, and min(3.0, whole duration).
            return (0, 0, wholeSamples < ClipSeconds * rate ? wholeSamples : (long)(ClipSeconds * rate));
        }
        var start = middle;
        var length = Math.Min(ClipSeconds, duration - start);
        // container.seek(int(start * av.time_base)); av_rescale(ts, rate, 10^6) rounds half away from zero.
        var microseconds = (long)(start * 1_000_000);
        var seek = ((microseconds * rate) + 500_000) / 1_000_000;
        var offset = (long)((start - ((double)seek / rate)) * rate);
        var count = (long)(length * rate);
        return offset < 0 ? (seek, -offset, count) : (seek + offset, 0, count);
    }
}
