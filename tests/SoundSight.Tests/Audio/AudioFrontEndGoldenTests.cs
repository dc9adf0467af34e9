using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Tests.Audio;

/// <summary>The front end against the official loader's spectrograms (tools/golden/audio_fixtures.py).</summary>
public sealed class AudioFrontEndGoldenTests
{
    private static readonly AudioFrontEnd FrontEnd = new();

    [Theory]
    [InlineData("pcm16_10s")]
    [InlineData("float32_stereo_4s")]
    [InlineData("short_1p3s")]
    [InlineData("loud_float32_3s")]
    [InlineData("pcm24_2s")]
    [InlineData("pcm32_2s")]
    [InlineData("double_2s")]
    [InlineData("u8_2s")]
    [InlineData("silent_2s")]
    public void LogSpectrogramMatchesOfficialLoader(string name)
    {
        var expected = Npy.Read(AudioFixtures.Path($"{name}.official.npy"));
        Assert.Equal([1, 257, 299], expected.Shape);
        var actual = FrontEnd.LogSpectrogram(AudioFixtures.Path($"{name}.wav"));
        Assert.Equal(expected.Count, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected.Data[i]));
        }
        Assert.True(worst <= 1e-6, $"max abs deviation {worst:E2}");
    }

    [Fact]
    public void PowerSpectralDensityMatchesScipy()
    {
        var clip = WavReader.Read(AudioFixtures.Path("pcm16_10s.wav"));
        var psd = new Spectrogram(16000, 512, 353).Compute(clip.Samples.AsSpan(56000, 48000));
        var expected = Npy.Read(AudioFixtures.Path("pcm16_10s.psd.npy"));
        Assert.Equal([257, 299], expected.Shape);
        for (var i = 0; i < psd.Length; i++)
        {
            var scale = Math.Max(Math.Abs(expected.Data[i]), 1e-300);
            Assert.True(Math.Abs(psd[i] - expected.Data[i]) / scale <= 1e-9, $"bin {i}: {psd[i]:R} vs {expected.Data[i]:R}");
        }
    }

    [Fact]
    public void TukeyWindowIsScipysPeriodicWindow()
    {
        var expected = Npy.Read(AudioFixtures.Path("tukey512.npy")).Data;
        var window = Spectrogram.PeriodicTukey(512, 0.25);
        for (var i = 0; i < 512; i++)
        {
            Assert.True(Math.Abs(expected[i] - window[i]) <= 1e-15, $"point {i}");
        }
    }

    [Fact]
    public void OfficialWindowHas299Frames()
    {
        Assert.Equal(299, AudioWindow.Official.Frames);
        Assert.Equal((56000, 104000), AudioWindow.Official.SampleRange);
        Assert.Equal((16000, 64000), AudioWindow.AvsBench.SampleRange);
    }
}
