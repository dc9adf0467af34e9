using SoundSight.Tests.Media;

namespace SoundSight.Tests.Cli;

/// <summary>`soundsight localize --video IN --out OUT.mp4`: a heatmap video with the original sound and a contact sheet.</summary>
[RunsLong(40)]
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
    public void AMethodWhoseFrontEndReadsFilesRendersTheWholeVideo()
    {
        // SSL-TIE is AVENet, but its front end reads each sound file itself: each step is handed the 10 s around it,
        // written out (as --at does), and takes its own window from them.
        var video = TestMedia.Make(Path.Combine(_dir, "tone.mp4"), [.. TestMedia.Picture(2), .. TestMedia.Sine(2), "-pix_fmt", "yuv420p", "-shortest"]);
        var checkpoint = SoundSight.Tests.Methods.OfficialCheckpoints.SslTie(Path.Combine(_dir, "tie_best.pth"));
        var output = Path.Combine(_dir, "tie.mp4");
        var run = CliRunner.Run("localize", "--checkpoint", checkpoint, "--video", video, "--out", output, "--step", "1", "--threads", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("method ssltie", run.Stderr);
        Assert.Contains("each step hears its own window of the 10 s around it", run.Stderr);
        Assert.Contains("2 maps every 1 s (0 silent", run.Stdout);
        var info = SoundSight.Media.MediaInfo.Probe(output);
        Assert.True(info.HasVideo && info.HasAudio);
        Assert.True(File.Exists(Path.ChangeExtension(output, ".sheet.png")));
    }

    [Fact]
    public void AtATimeAMethodThatReadsFilesHearsTheSoundAroundThatTime()
    {
        // 12 s, silent for 6 s and then a tone, its sound 16-bit PCM so that the track's samples are exact.
        var video = TestMedia.Make(Path.Combine(_dir, "late.mkv"),
            [.. TestMedia.Picture(12), "-f", "lavfi", "-i", "aevalsrc='if(lt(t,6),0,0.5*sin(2*PI*440*t))':s=16000:d=12", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-shortest"]);
        // The 10 s around 11 s are [2, 12); the first 10 s are what a front end reading the video file would hear.
        // Each cut by ffmpeg on its own, as a sound file.
        string Cut(string name, int from, int to) =>
            TestMedia.Make(Path.Combine(_dir, name), ["-i", video, "-vn", "-af", FormattableString.Invariant($"atrim=start_sample={from}:end_sample={to}"), "-c:a", "pcm_s16le"]);
        var checkpoint = SoundSight.Tests.Methods.OfficialCheckpoints.EzVsl(Path.Combine(_dir, "ezvsl_best.pth"));
        float[] Map(string name, params string[] extra)
        {
            var output = Path.Combine(_dir, name);
            var run = CliRunner.Run(["localize", "--checkpoint", checkpoint, "--method", "ezvsl", "--video", video, .. extra, "--out", output]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return SoundSight.IO.Npy.Read(Directory.GetFiles(output, "*.npy").Single(f => !f.EndsWith(".raw.npy", StringComparison.Ordinal))).ToFloat();
        }
        var late = Map("late", "--at", "11");
        Assert.Equal(Map("around", "--at", "11", "--audio", Cut("around.wav", 32000, 192000)), late);
        Assert.NotEqual(Map("start", "--at", "11", "--audio", Cut("start.wav", 0, 160000)), late);
    }

    [Fact]
    public void VideoWithoutSoundOrTimeIsOneLine()
    {
        var silent = TestMedia.Make(Path.Combine(_dir, "mute.mp4"), [.. TestMedia.Picture(2), "-pix_fmt", "yuv420p"]);
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--video", silent, "--out", Path.Combine(_dir, "o.mp4")), "has no audio stream");
        CliRunner.AssertOneLineError(CliRunner.Run("localize", "--video", silent, "--out", _dir), "needs --at SECONDS");
    }
}
