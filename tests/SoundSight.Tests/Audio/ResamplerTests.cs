using SoundSight.Audio;

namespace SoundSight.Tests.Audio;

public sealed class ResamplerTests
{
    [Fact]
    public void ToneKeepsFrequencyAndAmplitude()
    {
        var input = Tone(44100, 1000, 0.5, 44100);
        var output = new Resampler(44100, 16000).Process(input);
        Assert.Equal(16000, output.Length);
        // Skip the edges, where the filter sees zeros beyond the signal.
        var (amplitude, _) = Fit(output.AsSpan(2000, 12000), 16000, 1000);
        Assert.InRange(20 * Math.Log10(amplitude / 0.5), -0.1, 0.1);
    }

    [Fact]
    public void ToneAboveTheNewNyquistIsRemoved()
    {
        var output = new Resampler(48000, 16000).Process(Tone(48000, 10000, 0.5, 48000));
        var rms = Math.Sqrt(output.AsSpan(2000, 12000).ToArray().Average(v => v * v));
        Assert.True(20 * Math.Log10(rms / (0.5 / Math.Sqrt(2))) < -60, $"alias at {20 * Math.Log10(rms / (0.5 / Math.Sqrt(2))):F1} dB");
    }

    [Fact]
    public void SameRateIsIdentity()
    {
        double[] x = [0.1, -0.2, 0.3];
        Assert.Equal(x, new Resampler(16000, 16000).Process(x));
    }

    [Fact]
    public void FrontEndResamplesOtherRates()
    {
        var at8k = new AudioClip(Tone(8000, 440, 0.3, 8000 * 3), 8000, 1, "x.wav");
        var spectrogram = new AudioFrontEnd().LogSpectrogram(at8k);
        Assert.Equal(257 * 299, spectrogram.Length);
        // Energy at 440 Hz (bin 440 / 31.25 = 14) dominates energy at 4.5 kHz (bin 144).
        Assert.True(spectrogram[14 * 299 + 100] > spectrogram[144 * 299 + 100] + 0.5);
    }

    private static double[] Tone(int rate, double frequency, double amplitude, int length) =>
        Enumerable.Range(0, length).Select(n => amplitude * Math.Sin(2 * Math.PI * frequency * n / rate)).ToArray();

    private static (double Amplitude, double Phase) Fit(ReadOnlySpan<double> x, int rate, double frequency)
    {
        double c = 0, s = 0;
        for (var n = 0; n < x.Length; n++)
        {
            c += x[n] * Math.Cos(2 * Math.PI * frequency * n / rate);
            s += x[n] * Math.Sin(2 * Math.PI * frequency * n / rate);
        }
        return (2 * Math.Sqrt((c * c) + (s * s)) / x.Length, Math.Atan2(c, s));
    }
}
