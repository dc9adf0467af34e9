using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>
/// Sound to the audio encoder's input, step for step as the official test loader (datasets_lvs.py __getitem__):
/// resample to 16 kHz (our addition, see <see cref="Resampler"/>); tile when shorter than the clip
/// (n = int(rate * clip / len) + 1 copies); cut to the clip; take the window; clip to [-1, 1];
/// scipy spectrogram (nperseg 512, noverlap 353); log(P + 1e-7) / 12 in float64; cast to float32.
/// Immutable after construction; safe to share between threads.
/// </summary>
public sealed class AudioFrontEnd
{
    private readonly Spectrogram _spectrogram = new(OfficialProtocol.SampleRate, OfficialProtocol.SpectrogramSegment, OfficialProtocol.SpectrogramOverlap);

    public AudioFrontEnd(AudioWindow? window = null)
    {
        Window = window ?? AudioWindow.Official;
        Window.Validate();
    }

    public AudioWindow Window { get; }

    public int FrequencyBins => _spectrogram.FrequencyBins;

    public int Frames => Window.Frames;

    /// <summary>Model input for one sound: FrequencyBins x Frames floats, C order ([frequency][time]).</summary>
    public float[] LogSpectrogram(AudioClip clip)
    {
        var window = WindowSamples(clip);
        var power = _spectrogram.Compute(window);
        var result = new float[power.Length];
        for (var i = 0; i < power.Length; i++)
        {
            result[i] = (float)(Math.Log(power[i] + OfficialProtocol.LogEpsilon) / OfficialProtocol.LogScale);
        }
        return result;
    }

    public float[] LogSpectrogram(string wavPath) => LogSpectrogram(WavReader.Read(wavPath));

    /// <summary>The 16-kHz samples the spectrogram is computed from (tiled, cut, windowed, clipped).</summary>
    public double[] WindowSamples(AudioClip clip)
    {
        var samples = clip.SampleRate == OfficialProtocol.SampleRate
            ? clip.Samples
            : new Resampler(clip.SampleRate, OfficialProtocol.SampleRate).Process(clip.Samples);
        if (samples.Length == 0)
        {
            throw new IO.InputException(clip.Source, "contains no audio samples");
        }
        var clipLength = Window.ClipSamples;
        var (start, end) = Window.SampleRange;
        var result = new double[end - start];
        if (samples.Length >= clipLength)
        {
            samples.AsSpan(start, end - start).CopyTo(result);
        }
        else
        {
            // np.tile(samples, n)[:clip][start:end] without building the tiled array.
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = samples[(start + i) % samples.Length];
            }
        }
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Math.Clamp(result[i], -1.0, 1.0);
        }
        return result;
    }
}
