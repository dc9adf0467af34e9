using SoundSight.IO;

namespace SoundSight.Tests.Cli;

/// <summary>`soundsight localize` end to end, as a user runs it: outputs, and one clear line for every bad input.</summary>
public sealed class LocalizeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"localize-{Guid.NewGuid():N}");

    public LocalizeCommandTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string area, string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", area, name);

    private string Temp(string name) => Path.Combine(_dir, name);

    [Fact]
    public void SampleWritesTheThreeFiles()
    {
        var r = CliRunner.Run("localize", "--sample", "--out", _dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^scene__speech: peak at \(\d+, \d+\) px of 320x240, peak similarity -?\d\.\d{3}, mean -?\d\.\d{3}", r.Stdout);
        Assert.Equal([14, 14], Npy.Read(Temp("scene__speech.raw.npy")).Shape);
        var map = Npy.Read(Temp("scene__speech.npy"));
        Assert.Equal([224, 224], map.Shape);
        Assert.Equal("<f4", map.DType);
        Assert.Equal(1.0, map.Data.Max(), 5);
        Assert.Equal(0.0, map.Data.Min(), 5);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Temp("scene__speech.png"))[..4]);
    }

    [Fact]
    public void SeveralSoundsGiveOneMapEach()
    {
        var r = CliRunner.Run("localize", "--image", Fixture("Imaging", "rgb_100x150.jpg"),
            "--audio", Fixture("Audio", "pcm16_10s.wav"), "--audio", Fixture("Audio", "short_1p3s.wav"), "--out", _dir, "--upsample", "half-pixel");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(File.Exists(Temp("rgb_100x150__pcm16_10s.npy")));
        Assert.True(File.Exists(Temp("rgb_100x150__short_1p3s.png")));
    }

    [Fact]
    public void SilentAudioIsValidAndSaidSo()
    {
        var r = CliRunner.Run("localize", "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Fixture("Audio", "silent.wav"), "--out", _dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("silent audio", r.Stdout);
    }

    [Fact]
    public void VideoFrameAndItsOwnSound()
    {
        var video = Temp("clip with spaces é.mp4");
        CliRunner.MakeVideo(video, 3, withAudio: true);
        var r = CliRunner.Run("localize", "--video", video, "--at", "1.5", "--out", _dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("px of 96x64", r.Stdout);
        Assert.True(File.Exists(Temp("clip with spaces é_at1.5s__clip with spaces é.npy")));
    }

    [Fact]
    public void VideoWithoutSoundIsReported()
    {
        var video = Temp("mute.mp4");
        CliRunner.MakeVideo(video, 1, withAudio: false);
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--video", video, "--at", "0.2", "--out", _dir), "mute.mp4: has no audio stream");
    }

    [Fact]
    public void MissingFilesAreReported()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Temp("none.jpg"), "--audio", Fixture("Audio", "enc_u8.wav"), "--out", _dir), "none.jpg: file not found");
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Temp("none.wav"), "--out", _dir), "none.wav: file not found");
    }

    [Fact]
    public void CorruptInputsAreReported()
    {
        var jpeg = File.ReadAllBytes(Fixture("Imaging", "tall_500x90.jpg"));
        File.WriteAllBytes(Temp("cut.jpg"), jpeg[..(jpeg.Length / 2)]);
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Temp("cut.jpg"), "--audio", Fixture("Audio", "enc_u8.wav"), "--out", _dir), "cut.jpg: corrupt or truncated image");

        File.WriteAllText(Temp("notes.wav"), "these are not samples");
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Temp("notes.wav"), "--out", _dir), "notes.wav: not a WAV file");

        var wav = File.ReadAllBytes(Fixture("Audio", "pcm24.wav"));
        File.WriteAllBytes(Temp("short.wav"), wav[..1000]);
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Temp("short.wav"), "--out", _dir), "short.wav: truncated WAV");

        File.WriteAllBytes(Temp("empty.wav"), Audio.WavReaderTests.Wav(1, 16000, 1, 16, []));
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Temp("empty.wav"), "--out", _dir), "empty.wav: contains no audio samples");
    }

    [Fact]
    public void BadCheckpointsAreReported()
    {
        File.WriteAllText(Temp("model.pth"), "not a model");
        CliRunner.AssertOneLineError(
            CliRunner.Run("localize", "--checkpoint", Temp("model.pth"), "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Fixture("Audio", "enc_u8.wav"), "--out", _dir),
            "model.pth: not a checkpoint");
        CliRunner.AssertOneLineError(
            CliRunner.Run("localize", "--checkpoint", Fixture("Models", "partial_official.pth.tar"), "--image", Fixture("Imaging", "gray_120x90.jpg"), "--audio", Fixture("Audio", "enc_u8.wav"), "--out", _dir),
            "checkpoint lacks imgnet.conv1_a.weight");
    }
}
