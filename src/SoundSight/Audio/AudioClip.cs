namespace SoundSight.Audio;

/// <summary>
/// Decoded audio, reduced to one channel: channel 0 of the source, as the official loader keeps
/// (<c>samples[:, 0]</c> after <c>soundfile.read</c>). Values are on soundfile's float64 scale (full-scale PCM is
/// [-1, 1); float files keep whatever they hold, including values beyond ±1).
/// </summary>
public sealed class AudioClip
{
    public AudioClip(double[] samples, int sampleRate, int sourceChannels, string source)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceChannels);
        Samples = samples;
        SampleRate = sampleRate;
        SourceChannels = sourceChannels;
        Source = source;
        Peak = PeakOf(samples);
    }

    /// <summary>Mono samples (channel 0 of the source).</summary>
    public double[] Samples { get; }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>How many channels the source had (only channel 0 is kept).</summary>
    public int SourceChannels { get; }

    /// <summary>Where the audio came from (a file name), for messages.</summary>
    public string Source { get; }

    /// <summary>
    /// The samples are an excerpt of <see cref="Source"/> (a window of a video's or a longer file's track), not the
    /// file as a loader would read it: front ends that read the file themselves are handed the excerpt written out
    /// instead (Methods.SoundFile).
    /// </summary>
    public bool IsExcerpt { get; init; }

    /// <summary>Largest absolute sample value, computed once at construction.</summary>
    public double Peak { get; }

    /// <summary>
    /// Every sample is zero. Silence is valid input (the spectrogram is then the constant log(1e-7)/12); callers
    /// use this to say so rather than to refuse it.
    /// </summary>
    public bool IsSilent => Peak == 0.0;

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    private static double PeakOf(double[] samples)
    {
        var peak = 0.0;
        foreach (var sample in samples)
        {
            var magnitude = Math.Abs(sample);
            // NaN never compares greater, so a NaN sample would hide here; the WAV reader refuses them earlier.
            if (magnitude > peak)
            {
                peak = magnitude;
            }
        }
        return peak;
    }
}
