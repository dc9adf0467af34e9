using SoundSight.Audio;
using Xunit.Abstractions;

namespace SoundSight.Tests.Audio;

public sealed class ResamplerTests(ITestOutputHelper output)
{
    [Fact]
    public void SameRateReturnsTheSameSamples()
    {
        double[] input = [0.5, -0.25, 3.0, 0.0, 1e-9];
        var resampler = new Resampler(16000, 16000);
        Assert.Equal((1, 1, 0), (resampler.UpFactor, resampler.DownFactor, resampler.TapCount));
        Assert.Equal(input, resampler.Resample(input));
    }

    [Theory]
    [InlineData(44100, 160, 441)]
    [InlineData(48000, 1, 3)]
    [InlineData(22050, 320, 441)]
    [InlineData(8000, 2, 1)]
    public void FactorsAreTheReducedRateRatio(int rate, int up, int down)
    {
        var resampler = new Resampler(rate, 16000);
        Assert.Equal((up, down), (resampler.UpFactor, resampler.DownFactor));
        Assert.Equal((int)Math.Ceiling(10001.0 * up / down), resampler.OutputLength(10001));
        Assert.Equal(resampler.OutputLength(10001), resampler.Resample(new double[10001]).Length);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(22050)]
    [InlineData(8000)]
    public void OneKilohertzToneKeepsFrequencyPhaseAndAmplitude(int rate)
    {
        var input = Tone(1000, rate, seconds: 2, amplitude: 0.8);
        var result = new Resampler(rate, 16000).Resample(input);
        Assert.Equal(32000, result.Length);
        // Away from the ends (where the signal starts abruptly), output m must be the tone at time m / 16000.
        var worst = 0.0;
        var sumSquares = 0.0;
        var interior = result[4000..28000];
        for (var i = 0; i < interior.Length; i++)
        {
            var m = i + 4000;
            worst = Math.Max(worst, Math.Abs(interior[i] - (0.8 * Math.Sin(2 * Math.PI * 1000 * m / 16000.0))));
            sumSquares += interior[i] * interior[i];
        }
        var levelDb = 20 * Math.Log10(Math.Sqrt(2 * sumSquares / interior.Length) / 0.8);
        output.WriteLine($"{rate} Hz: max deviation from the ideal 16-kHz tone {worst:E2}, level {levelDb:+0.000000;-0.000000} dB");
        Assert.True(Math.Abs(levelDb) < 0.1, $"level {levelDb} dB");
        Assert.True(worst < 1e-4, $"max deviation {worst:E2}");
    }

    [Fact]
    public void TenKilohertzAt48kHzIsRemovedNotAliased()
    {
        var input = Tone(10000, 48000, seconds: 2, amplitude: 1.0);
        var result = new Resampler(48000, 16000).Resample(input);
        var interior = result[2000..30000];
        var rms = Math.Sqrt(interior.Sum(v => v * v) / interior.Length);
        var attenuationDb = -20 * Math.Log10(rms / Math.Sqrt(0.5));
        output.WriteLine($"10 kHz at 48 kHz -> 16 kHz: attenuated by {attenuationDb:F1} dB");
        Assert.True(attenuationDb > 60, $"only {attenuationDb:F1} dB");
    }

    [Fact]
    public void FilterIsDocumentedLength()
    {
        var resampler = new Resampler(44100, 16000);
        Assert.True(resampler.TapCount % 2 == 1);
        var perOutput = (double)resampler.TapCount / resampler.UpFactor;
        output.WriteLine($"44.1 kHz: {resampler.TapCount} taps, {perOutput:F0} per output sample");
        Assert.InRange(perOutput, 300, 400);
    }

    private static double[] Tone(double frequency, int rate, double seconds, double amplitude)
    {
        var n = (int)(rate * seconds);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = amplitude * Math.Sin(2 * Math.PI * frequency * i / rate);
        }
        return result;
    }
}
