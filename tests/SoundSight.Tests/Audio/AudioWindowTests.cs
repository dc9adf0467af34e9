using SoundSight.Audio;

namespace SoundSight.Tests.Audio;

public sealed class AudioWindowTests
{
    [Fact]
    public void PresetsAreTheOfficialLoadersNumbers()
    {
        Assert.Equal(new AudioWindow(10, 3.5, 6.5), AudioWindow.Official);
        Assert.Equal(new AudioWindow(5, 1, 4), AudioWindow.AvsBench);
        Assert.Equal((56000, 104000), AudioWindow.Official.SampleRange());
        Assert.Equal((16000, 64000), AudioWindow.AvsBench.SampleRange());
        Assert.Equal(160000, AudioWindow.Official.ClipSampleCount());
        Assert.Equal(80000, AudioWindow.AvsBench.ClipSampleCount());
        Assert.Equal(48000, AudioWindow.Official.SampleCount());
    }

    [Fact]
    public void SampleIndicesAreTruncatedAsPythonInt()
    {
        var window = new AudioWindow(2, 0.00009, 1.99999);
        Assert.Equal((1, 31999), window.SampleRange());
        Assert.Equal((1, 44099), window.SampleRange(22050));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(10, 6.5, 3.5)]
    [InlineData(10, -1, 3)]
    [InlineData(5, 1, 6)]
    [InlineData(double.NaN, 1, 2)]
    public void ImpossibleWindowsAreRefused(double clip, double start, double end)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioWindow(clip, start, end));
    }
}
