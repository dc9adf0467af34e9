using SoundSight.Audio;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// The audio input of EZ-VSL, MarginNCE and SLAVC exactly as the authors' comparison code makes it
/// (SSLalignment datasets.load_spectrogram and get_test_dataset's audio_transform):
/// <list type="number">
/// <item>load_audio_av(start 0, duration 10 s): the file's first min(10 s, whole) as mono int16 at its own rate
/// (<see cref="PyAvAudio"/>), / 32767, clipped to [-1, 1];</item>
/// <item>tiled to 10 s when shorter (np.tile), cut to int(rate * 10) samples;</item>
/// <item>np.roll by int(rate * 10 / 2) - int(duration / 2 * rate), duration being the whole file's: the file's
/// middle moves to the clip's middle (a file longer than 10 s rolls left, wrapping its start to the end);</item>
/// <item>scipy.signal.spectrogram(nperseg 512, noverlap 274) at the file's rate, log(P + 1e-7);</item>
/// <item>transforms.CenterCrop((257, 200)): columns from int(round((T - 200) / 2)) (round half to even), zero
/// padding (before / 12, so 0) when T &lt; 200; / 12; float32.</item>
/// </list>
/// The output is [1][257][200], C order. Bit for bit against the official loader on WAV files
/// (CompetingAudioFrontEndTests).
/// </summary>
public sealed class EzVslAudioFrontEnd
{
    /// <summary>Spectrogram rows (nperseg 512: 257 one-sided bins).</summary>
    public const int FrequencyBins = 257;

    /// <summary>Columns kept by the centre crop.</summary>
    public const int Frames = 200;

    /// <param name="clipSeconds">audio_length of get_test_dataset: 10 s, 5 s for the AVSBench sets (ms3, s4).</param>
    public EzVslAudioFrontEnd(double clipSeconds = 10.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipSeconds);
        ClipSeconds = clipSeconds;
    }

    public double ClipSeconds { get; }

    /// <summary>[1, 257, 200].</summary>
    public static SpectrogramShape Shape => new(1, FrequencyBins, Frames);

    public float[] LogSpectrogram(string path) => LogSpectrogram(PyAvAudio.Load(path));

    public float[] LogSpectrogram(PyAvAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var rate = audio.SampleRate;
        // duration = min(10.0, Fraction(samples, rate)); t = int(duration * rate).
        var whole = audio.DurationSamples;
        var take = whole < ClipSeconds * rate ? whole : (long)(ClipSeconds * rate);
        var samples = PyAvClipSamples.TiledTo(PyAvClipSamples.Normalised(audio.Samples, 0, 0, take), rate, ClipSeconds, audio.Source);
        var rolled = Rolled(samples, Shift(rate, whole));
        var total = PyAvClipSamples.FrameCount(rolled.Length, audio.Source);
        var result = new float[FrequencyBins * Frames];
        if (total >= Frames)
        {
            var left = (int)Math.Round((total - Frames) / 2.0, MidpointRounding.ToEven);
            PyAvClipSamples.LogSpectrogram(rolled, rate, left, Frames).CopyTo(result, 0);
            return result;
        }
        // torchvision pads (crop - width) // 2 zero columns on the left and the rest on the right.
        var padLeft = (Frames - total) / 2;
        var spectrogram = PyAvClipSamples.LogSpectrogram(rolled, rate, 0, total);
        for (var f = 0; f < FrequencyBins; f++)
        {
            Array.Copy(spectrogram, f * total, result, (f * Frames) + padLeft, total);
        }
        return result;
    }

    // shift_index = int(samplerate * dur / 2) - int(float(audio_dur) / 2 * samplerate).
    private long Shift(int rate, long wholeSamples)
    {
        var centre = (long)((double)wholeSamples / rate / 2 * rate);
        return (long)(rate * ClipSeconds / 2) - centre;
    }

    // np.roll: out[(i + shift) mod n] = in[i].
    private static double[] Rolled(double[] samples, long shift)
    {
        var n = samples.LongLength;
        var result = new double[n];
        var s = ((shift % n) + n) % n;
        for (var i = 0L; i < n; i++)
        {
            result[(i + s) % n] = samples[i];
        }
        return result;
    }
}
