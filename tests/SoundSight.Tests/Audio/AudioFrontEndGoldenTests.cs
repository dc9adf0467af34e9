using System.Text.Json;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Protocol;
using Xunit.Abstractions;

namespace SoundSight.Tests.Audio;

/// <summary>
/// The front end against the official test loader's own output on the same WAV files: bit-identical float32 (the
/// model's input, spec.float()); any differing bit fails.
/// </summary>
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
        var differing = 0;
        var first = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            // The fixture is float32: its doubles convert back exactly, so bit equality is the test.
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits((float)golden.Data[i]))
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        output.WriteLine($"{name}: {differing} of {actual.Length} float32 values differ from the official ones");
        Assert.True(differing == 0, $"{name}: {differing} of {actual.Length} float32 values differ, first at {first}: ours {(first >= 0 ? actual[first] : 0):R}, official {(first >= 0 ? golden.Data[first] : 0):R}");
    }
}
