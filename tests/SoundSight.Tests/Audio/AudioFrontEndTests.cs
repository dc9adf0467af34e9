using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Tests.Audio;

public sealed class AudioFrontEndTests
{
    private readonly AudioFrontEnd frontEnd = new();

    [Fact]
    public void ShapesFollowTheWindow()
    {
        Assert.Equal(new SpectrogramShape(1, 257, 299), frontEnd.Shape(AudioWindow.Official));
        Assert.Equal(SpectrogramShape.Official, frontEnd.Shape(AudioWindow.AvsBench));
        Assert.Equal(new SpectrogramShape(1, 257, 98), frontEnd.Shape(new AudioWindow(10, 0, 1)));
        Assert.Equal((257, 299), (frontEnd.FrequencyBins, frontEnd.Frames));
        Assert.Equal("1x257x299", SpectrogramShape.Official.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFrontEnd(new AudioWindow(10, 0, 0.01)));
    }

    [Fact]
    public void TheVectorLogGivesTheScalarFloats()
    {
        // Vector256.Log may differ from Math.Log by an ulp in double (about 2 % of values); after the cast to
        // float32 the two must agree. Powers log-uniform over 1e-26..1e9 (a spectrogram's range and beyond), zero,
        // and every length's tail.
        var rng = new Random(5);
        var power = Enumerable.Range(0, 2_000_003).Select(i => i % 97 == 0 ? 0.0 : Math.Exp((rng.NextDouble() * 80) - 60)).ToArray();
        var vector = new float[power.Length];
        AudioFrontEnd.LogScaled(power, vector);
        for (var i = 0; i < power.Length; i++)
        {
            Assert.Equal((float)(Math.Log(power[i] + 1e-7) / 12.0), vector[i]);
        }
        for (var n = 1; n <= 17; n++)
        {
            var tail = new float[n];
            AudioFrontEnd.LogScaled(power.AsSpan(0, n), tail);
            Assert.Equal(vector[..n], tail);
        }
    }

    [Fact]
    public void ShortAudioIsTiledLikeNpTile()
    {
        var source = Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray();
        var window = frontEnd.WindowSamples(new AudioClip(source, 16000, 1, "ramp"), AudioWindow.Official);
        Assert.Equal(48000, window.Length);
        for (var j = 0; j < window.Length; j++)
        {
            Assert.Equal(source[(56000 + j) % 1000], window[j]);
        }
    }

    [Fact]
    public void LongAudioIsCutNotTiled()
    {
        foreach (var length in new[] { 160000, 200003 })
        {
            var source = Enumerable.Range(0, length).Select(i => Math.Sin(i * 0.001)).ToArray();
            var window = frontEnd.WindowSamples(new AudioClip(source, 16000, 1, "long"), AudioWindow.Official);
            Assert.Equal(source[56000..104000], window);
        }
    }

    [Fact]
    public void SamplesAreClippedToPlusMinusOne()
    {
        double[] source = [2.5, -3.0, 0.5, 1.0, -1.0, 1.0000001];
        var window = frontEnd.WindowSamples(new AudioClip(source, 16000, 1, "loud"), AudioWindow.Official);
        Assert.Equal(1.0, window.Max());
        Assert.Equal(-1.0, window.Min());
        for (var j = 0; j < window.Length; j++)
        {
            Assert.Equal(Math.Clamp(source[(56000 + j) % source.Length], -1.0, 1.0), window[j]);
        }
    }

    [Fact]
    public void VectorClipKeepsTheScalarEdgeCases()
    {
        // NaN passes through np.clip, -0 keeps its sign, infinities clip; every tail length of the 4-lane loop.
        double[] values = [double.NaN, -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, 1.0, -1.0, Math.BitIncrement(1.0), Math.BitDecrement(-1.0), 0.25, -0.75];
        for (var n = 0; n <= values.Length; n++)
        {
            var clipped = new double[n];
            AudioFrontEnd.ClipToUnit(values.AsSpan(0, n), clipped);
            for (var i = 0; i < n; i++)
            {
                var x = values[i];
                var expected = x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(clipped[i]));
            }
        }
    }

    [Fact]
    public void OtherRatesAreResampledTo16kHzBeforeSlicing()
    {
        // The same band-limited signal synthesised at 48 kHz and at 16 kHz must give the same 16-kHz window.
        static double Signal(double t) => (0.4 * Math.Sin(2 * Math.PI * 440 * t)) + (0.3 * Math.Sin((2 * Math.PI * 3170 * t) + 1)) + (0.2 * Math.Sin(2 * Math.PI * 6500 * t));
        var at48k = Enumerable.Range(0, 480000).Select(i => Signal(i / 48000.0)).ToArray();
        var at16k = Enumerable.Range(0, 160000).Select(i => Signal(i / 16000.0)).ToArray();
        var resampled = frontEnd.WindowSamples(new AudioClip(at48k, 48000, 1, "48k"), AudioWindow.Official);
        var native = frontEnd.WindowSamples(new AudioClip(at16k, 16000, 1, "16k"), AudioWindow.Official);
        var worst = resampled.Zip(native, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-4, $"max deviation {worst:E2}");
        var spectrum = frontEnd.LogSpectrogram(new AudioClip(at48k, 48000, 1, "48k"), AudioWindow.Official);
        Assert.Equal(SpectrogramShape.Official.Count, spectrum.Length);
        Assert.All(spectrum, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void LongRecordingsAtOtherRatesResampleOnlyTheClipButGiveTheSameSamples()
    {
        var random = new Random(11);
        var source = Enumerable.Range(0, 15 * 44100).Select(_ => (random.NextDouble() * 2.4) - 1.2).ToArray();
        var everything = new Resampler(44100, 16000).Resample(source);
        var expected = everything[56000..104000].Select(v => Math.Clamp(v, -1.0, 1.0)).ToArray();
        Assert.Equal(expected, frontEnd.WindowSamples(new AudioClip(source, 44100, 1, "long.wav"), AudioWindow.Official));
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => frontEnd.LogSpectrogram("/nonexistent/sound.wav"));
        Assert.Equal("/nonexistent/sound.wav: file not found", error.Message);
    }

    [Fact]
    public void EmptyClipIsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => frontEnd.LogSpectrogram(new AudioClip([], 16000, 1, "nothing.wav")));
        Assert.Equal("nothing.wav: contains no audio samples", error.Message);
    }
}
