using SoundSight.Tests.Media;

namespace SoundSight.Tests.Cli;

/// <summary>`soundsight localize --video IN --out OUT.mp4`: a heatmap video with the original sound and a contact sheet.</summary>
public sealed class LocalizeVideoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"localize-video-{Guid.NewGuid():N}");

    public LocalizeVideoTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WholeVideoGetsHeatmapsSoundAndSilenceMarked()
    {
        // 6 s at an odd size; silent from 1 to 5 s, so the 1-s windows centred at 2, 3 and 4 s hear nothing.
        var input = TestMedia.Make(Path.Combine(_dir, "in put é.mkv"), [.. TestMedia.Picture(6, "67x49", 12, "testsrc"), "-f", "lavfi", "-i",
            "aevalsrc=if(between(t\\,1\\,5)\\,0\\,sin(2*PI*440*t)):s=32000:d=6", "-c:v", "ffv1", "-shortest"]);
        var output = Path.Combine(_dir, "out", "heat.mp4");
        var r = CliRunner.Run("localize", "--video", input, "--out", output, "--step", "1", "--window", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"[67] maps every 1 s \(3 silent, shown without a map\)", r.Stdout);
        var info = SoundSight.Media.MediaInfo.Probe(output);
        Assert.True(info.HasVideo && info.HasAudio);
        Assert.Equal((66, 48), (info.Width, info.Height));
        Assert.InRange(info.DurationSeconds, 5.5, 6.5);
        var sheet = Path.Combine(_dir, "out", "heat.sheet.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(sheet)[..4]);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "out"), "*.tmp"));
    }

    [Fact]
    public void AMethodWhoseFrontEndReadsFilesIsRefusedBeforeAnyFrame()
    {
        // SSL-TIE is AVENet, but its front end reads each sound file itself: a window of the track is no file.
        var video = TestMedia.Make(Path.Combine(_dir, "tone.mp4"), [.. TestMedia.Picture(2), .. TestMedia.Sine(2), "-pix_fmt", "yuv420p", "-shortest"]);
        var checkpoint = SoundSight.Tests.Methods.OfficialCheckpoints.SslTie(Path.Combine(_dir, "tie_best.pth"));
        var output = Path.Combine(_dir, "tie.mp4");
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--checkpoint", checkpoint, "--video", video, "--out", output),
            $"{checkpoint}: the whole-video mode runs lvs and ours (their audio front end hears any clip); this is ssltie");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void VideoWithoutSoundOrTimeIsOneLine()
    {
        var silent = TestMedia.Make(Path.Combine(_dir, "mute.mp4"), [.. TestMedia.Picture(2), "-pix_fmt", "yuv420p"]);
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--video", silent, "--out", Path.Combine(_dir, "o.mp4")), "has no audio stream");
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--video", silent, "--out", _dir), "needs --at SECONDS");
    }
}
