using SoundSight.Audio;
using SoundSight.IO;
using Xunit.Abstractions;

namespace SoundSight.Tests.Audio;

public sealed class SpectrogramTests(ITestOutputHelper output)
{
    [Fact]
    public void PowerSpectralDensityMatchesScipyOnARawWindow()
    {
        var samples = WavReader.Read(AudioFixtures.Path("pcm16_10s.wav")).Samples.AsSpan(56000, 8000);
        var expected = Npy.Read(AudioFixtures.Path("psd_raw.npy"));
        var spectrogram = new Spectrogram();
        Assert.Equal([spectrogram.FrequencyBins, spectrogram.FrameCount(samples.Length)], expected.Shape);
        var actual = spectrogram.PowerSpectralDensity(samples, 16000);
        var error = MaxRelativeError(actual, expected.Data);
        output.WriteLine($"nperseg 512: max relative error {error:E2}");
        Assert.True(error <= 1e-10, $"max relative error {error:E2}");
    }

    [Fact]
    public void OtherSegmentLengthsAndRatesMatchScipy()
    {
        var samples = WavReader.Read(AudioFixtures.Path("pcm16_10s.wav")).Samples.AsSpan(0, 2000);
        var expected = Npy.Read(AudioFixtures.Path("psd_raw_256.npy"));
        var spectrogram = new Spectrogram(256, 100);
        Assert.Equal([129, 12], expected.Shape);
        var error = MaxRelativeError(spectrogram.PowerSpectralDensity(samples, 8000), expected.Data);
        output.WriteLine($"nperseg 256: max relative error {error:E2}");
        Assert.True(error <= 1e-10, $"max relative error {error:E2}");
    }

    [Fact]
    public void OfficialWindowGives257By299()
    {
        var spectrogram = new Spectrogram();
        Assert.Equal(257, spectrogram.FrequencyBins);
        Assert.Equal(159, spectrogram.Step);
        Assert.Equal(299, spectrogram.FrameCount(48000));
        Assert.Equal(1, spectrogram.FrameCount(512));
        Assert.Equal(1, spectrogram.FrameCount(670));
        Assert.Equal(2, spectrogram.FrameCount(671));
        Assert.Throws<ArgumentOutOfRangeException>(() => spectrogram.FrameCount(511));
        Assert.Equal(257 * 299, spectrogram.PowerSpectralDensity(new double[48000], 16000).Length);
    }

    [Fact]
    public void WindowIsScipysPeriodicTukey()
    {
        var window = new Spectrogram().Window;
        Assert.Equal(512, window.Length);
        Assert.Equal(0.0, window[0]);
        Assert.All(window[64..449], w => Assert.Equal(1.0, w));
        Assert.True(window[63] < 1.0 && window[449] < 1.0);
        // Periodic: the symmetric window of 513 points without its last one, so w[k] == w[512 - k].
        for (var k = 1; k < 512; k++)
        {
            Assert.Equal(window[k], window[512 - k], 15);
        }
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * 10 / 0.25 / 512)))), window[10]);
    }

    [Fact]
    public void ConstantSignalHasNoPowerAfterDetrending()
    {
        var power = new Spectrogram().PowerSpectralDensity(Enumerable.Repeat(0.3, 2000).ToArray(), 16000);
        Assert.All(power, p => Assert.True(p < 1e-30));
    }

    [Theory]
    [InlineData(512, 352, 4000)]
    [InlineData(512, 352, 4160)]
    [InlineData(256, 100, 1000)]
    public void FourSegmentsAtOnceGiveTheBitsOfOneAtATime(int length, int overlap, int count)
    {
        // Frame counts 4n and 4n + k: the last group's spare lanes must not leak into the kept ones.
        var random = new Random(11);
        var x = Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5).ToArray();
        var spectrogram = new Spectrogram(length, overlap);
        var frames = spectrogram.FrameCount(count);
        var actual = spectrogram.PowerSpectralDensity(x, 16000);
        var window = spectrogram.Window;
        var fft = new RealFft(length);
        var scale = 1.0 / (16000 * PairwiseSum.SumOfSquares(window));
        var real = new double[fft.Bins];
        var imaginary = new double[fft.Bins];
        for (var t = 0; t < frames; t++)
        {
            var segment = x.AsSpan(t * spectrogram.Step, length).ToArray();
            var mean = PairwiseSum.Sum(segment) / length;
            var windowed = Enumerable.Range(0, length).Select(i => window[i] * (segment[i] - mean)).ToArray();
            fft.Forward(windowed, real, imaginary);
            for (var f = 0; f < fft.Bins; f++)
            {
                var power = ((real[f] * real[f]) + (imaginary[f] * imaginary[f])) * scale;
                var expected = f == 0 || f == length / 2 ? power : power * 2;
                Assert.True(expected.Equals(actual[(f * frames) + t]), $"frame {t} of {frames}, bin {f}: {expected:R} vs {actual[(f * frames) + t]:R}");
            }
        }
    }

    [Fact]
    public void FftMatchesADirectDft()
    {
        var random = new Random(7);
        foreach (var n in new[] { 4, 8, 64, 512, 2048 })
        {
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var fft = new RealFft(n);
            var real = new double[fft.Bins];
            var imaginary = new double[fft.Bins];
            fft.Forward(x, real, imaginary);
            var worst = 0.0;
            var norm = 0.0;
            for (var k = 0; k <= n / 2; k++)
            {
                var (re, im) = DirectDft(x, k);
                worst = Math.Max(worst, Math.Max(Math.Abs(re - real[k]), Math.Abs(im - imaginary[k])));
                norm = Math.Max(norm, Math.Sqrt((re * re) + (im * im)));
            }
            output.WriteLine($"n={n}: max |FFT - DFT| / max |X| = {worst / norm:E2}");
            Assert.True(worst <= 1e-13 * norm, $"n={n}: {worst / norm:E2}");
        }
    }

    [Fact]
    public void ParsevalHoldsForAWhiteSegment()
    {
        // Density scaling: the one-sided PSD summed over bins times the bin width is the windowed power over fs.
        var random = new Random(3);
        var x = Enumerable.Range(0, 512).Select(_ => random.NextDouble() - 0.5).ToArray();
        var spectrogram = new Spectrogram();
        var power = spectrogram.PowerSpectralDensity(x, 16000);
        var mean = x.Average();
        var window = spectrogram.Window;
        var windowed = x.Select((v, i) => window[i] * (v - mean)).Sum(v => v * v);
        var windowPower = window.Sum(w => w * w);
        var fromSpectrum = power.Sum() * 16000.0 / 512;
        Assert.Equal(windowed / windowPower, fromSpectrum, 12);
    }

    private static (double Re, double Im) DirectDft(double[] x, int k)
    {
        var n = x.Length;
        double re = 0, im = 0;
        for (var t = 0; t < n; t++)
        {
            var angle = 2.0 * Math.PI * ((long)k * t % n) / n;
            re += x[t] * Math.Cos(angle);
            im -= x[t] * Math.Sin(angle);
        }
        return (re, im);
    }

    private static double MaxRelativeError(double[] actual, double[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(expected[i] > 0, "the fixture signal has power in every bin");
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / expected[i]);
        }
        return worst;
    }
}
