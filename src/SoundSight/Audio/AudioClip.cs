namespace SoundSight.Audio;

/// <summary>
/// Decoded sound, reduced to one channel: channel 0, as the official loader keeps (it takes column 0 of a stereo
/// file). Samples are float64 on the scale soundfile.read gives (full-scale integer PCM maps to [-1, 1)).
/// </summary>
public sealed class AudioClip
{
    public AudioClip(double[] samples, int sampleRate, int sourceChannels, string source)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        }
        Samples = samples;
        SampleRate = sampleRate;
        SourceChannels = sourceChannels;
        Source = source;
    }

    public double[] Samples { get; }

    public int SampleRate { get; }

    /// <summary>Channels in the file it came from (only channel 0 is kept).</summary>
    public int SourceChannels { get; }

    /// <summary>The file (or stream) it came from, for messages.</summary>
    public string Source { get; }

    public double DurationSeconds => Samples.Length / (double)SampleRate;

    /// <summary>Largest absolute sample value.</summary>
    public double Peak
    {
        get
        {
            var peak = 0.0;
            foreach (var s in Samples)
            {
                peak = Math.Max(peak, Math.Abs(s));
            }
            return peak;
        }
    }

    /// <summary>True when every sample is zero: valid input, but the map then says nothing about a source.</summary>
    public bool IsSilent => Peak == 0;
}
