using System.Text.Json;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Protocol;
using Xunit.Abstractions;

namespace SoundSight.Tests.Audio;

/// <summary>The front end against the official test loader's own output on the same WAV files.</summary>
public sealed class AudioFrontEndGoldenTests(ITestOutputHelper output)
{
    private readonly AudioFrontEnd frontEnd = new();

    [Theory]
    [InlineData("pcm16_10s")]
    [InlineData("float32_stereo")]
    [InlineData("short_1p3s")]
    [InlineData("loud_float32")]
    [InlineData("pcm24")]
    public void OfficialWindowMatchesTheOfficialLoader(string name)
    {
        var actual = frontEnd.LogSpectrogram(AudioFixtures.Path(name + ".wav"), AudioWindow.Official);
        AssertMatches(actual, AudioFixtures.Path(name + ".official.npy"), name);
    }

    [Fact]
    public void AvsBenchWindowMatchesTheOfficialLoader()
    {
        var actual = frontEnd.LogSpectrogram(AudioFixtures.Path("short_1p3s.wav"), AudioWindow.AvsBench);
        AssertMatches(actual, AudioFixtures.Path("short_1p3s.avsbench.official.npy"), "short_1p3s (AVSBench)");
    }

    [Fact]
    public void SilenceGivesTheOfficialConstant()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(AudioFixtures.Path("silent.official.json")));
        var expected = (float)json.RootElement.GetProperty("value").GetDouble();
        var clip = WavReader.Read(AudioFixtures.Path("silent.wav"));
        Assert.True(clip.IsSilent);
        var actual = frontEnd.LogSpectrogram(clip, AudioWindow.Official);
        Assert.Equal(SpectrogramShape.Official.Count, actual.Length);
        Assert.All(actual, v => Assert.Equal(expected, v));
        Assert.Equal((float)(Math.Log(OfficialProtocol.LogEpsilon) / OfficialProtocol.LogScale), expected);
    }

    [Fact]
    public void OverloadsAgree()
    {
        var path = AudioFixtures.Path("short_1p3s.wav");
        var clip = WavReader.Read(path);
        var explicitWindow = frontEnd.LogSpectrogram(clip, AudioWindow.Official);
        Assert.Equal(explicitWindow, frontEnd.LogSpectrogram(clip));
        Assert.Equal(explicitWindow, frontEnd.LogSpectrogram(path));
        var avsBench = new AudioFrontEnd(AudioWindow.AvsBench);
        Assert.Equal(frontEnd.LogSpectrogram(clip, AudioWindow.AvsBench), avsBench.LogSpectrogram(clip));
    }

    private void AssertMatches(float[] actual, string goldenPath, string name)
    {
        var golden = Npy.Read(goldenPath);
        Assert.Equal(SpectrogramShape.Official.ToArray(), golden.Shape);
        Assert.Equal(golden.Count, actual.Length);
        var worst = 0.0;
        var differing = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var difference = Math.Abs(actual[i] - golden.Data[i]);
            worst = Math.Max(worst, difference);
            differing += difference > 0 ? 1 : 0;
        }
        output.WriteLine($"{name}: max |ours - official| = {worst:E2}, {differing} of {actual.Length} float32 values differ");
        Assert.True(worst <= 1e-5, $"{name}: max abs error {worst:E2}");
    }
}
