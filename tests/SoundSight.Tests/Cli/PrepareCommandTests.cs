using System.Diagnostics;
using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.Preparation;
using SoundSight.Tests.Media;

namespace SoundSight.Tests.Cli;

/// <summary>`soundsight prepare` as a user runs it: killed halfway and restarted, checked, and its one-line errors.</summary>
public sealed class PrepareCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"prepare-cli-{Guid.NewGuid():N}");

    public PrepareCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "videos"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void KilledHalfwayAndRestartedEndsWithEveryClipOnce()
    {
        const int count = 50;
        var clip = TestMedia.Make(Path.Combine(_dir, "clip.mp4"), [.. TestMedia.Picture(10, "64x48", 5), .. TestMedia.Sine(10, 8000), "-pix_fmt", "yuv420p", "-shortest"]);
        var ids = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var key = $"clip{n:D7}_{n:D6}"; // VGGSound-style names: <11-char id>_<start>
            File.Copy(clip, Path.Combine(_dir, "videos", key + ".mp4"));
            ids.Add(new VggSoundClip(key[..11], n).FolderId);
        }
        var root = Path.Combine(_dir, "root");
        var audioFolder = Path.Combine(root, VggSoundLayout.AudioFolder);
        string[] args = ["prepare", "--videos", Path.Combine(_dir, "videos"), "--out", root, "--workers", "2"];

        // First run: killed (with its ffmpeg children) once about half the clips exist.
        using (var first = Start(args))
        {
            var clock = Stopwatch.StartNew();
            while (Done(audioFolder) < count / 2 && !first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                Thread.Sleep(50);
            }
            Assert.False(first.HasExited, "the first run ended before it could be killed");
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        var before = AllOutputs(root).ToDictionary(p => p, File.GetLastWriteTimeUtc);
        Assert.InRange(before.Count(p => p.Key.EndsWith(".wav")), count / 2, count - 1);

        var second = CliRunner.Run(args);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Matches(@"done (\d+), skipped (\d+) \(done before\), failed 0; the root holds 50 clip", second.Stdout);

        // Every clip exactly once, valid; nothing written before the kill was written again; no temporary files.
        Assert.Equal(ids.Order(StringComparer.Ordinal), TrainingSet.Load(root).Select(i => i.Id));
        foreach (var (path, time) in before)
        {
            Assert.Equal(time, File.GetLastWriteTimeUtc(path));
        }
        var decoder = new ImageDecoder();
        foreach (var id in ids)
        {
            Assert.Equal(160000, WavReader.Read(VggSoundLayout.AudioPath(root, id)).Samples.Length);
            Assert.Equal(64, decoder.Decode(VggSoundLayout.ImagePath(root, id)).Width);
        }
        var journal = File.ReadAllLines(Path.Combine(root, PrepareJournal.FileName)).Skip(1)
            .Where(l => l.Contains("\"done\"")).Select(l => l[(l.IndexOf(':') + 2)..l.IndexOf('"', l.IndexOf(':') + 2)]).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), journal.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));

        // A third run has nothing left to do; --check agrees.
        Assert.Contains("done 0, skipped 50", CliRunner.Run(args).Stdout);
        var check = CliRunner.Run("prepare", "--check", root);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("50 of 50 clip(s) complete, 0 with problems, 0 missing", check.Stdout);
    }

    [Fact]
    public void CheckReportsMissingAndBadClipsWithoutWriting()
    {
        var root = Path.Combine(_dir, "root");
        Directory.CreateDirectory(Path.Combine(root, VggSoundLayout.AudioFolder));
        Directory.CreateDirectory(Path.Combine(root, VggSoundLayout.ImageFolder, "zpWuikVorYg_32000_42000"));
        TestMedia.Make(VggSoundLayout.ImagePath(root, "zpWuikVorYg_32000_42000"), [.. TestMedia.Picture(1), "-frames:v", "1"]);
        TestMedia.Make(VggSoundLayout.AudioPath(root, "zpWuikVorYg_32000_42000"), TestMedia.Sine(3, 16000));
        var list = Path.Combine(_dir, "vggss_test.csv");
        File.WriteAllText(list, "zpWuikVorYg_000032\ngEvCUcZ6w88_000030\n");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length;

        var r = CliRunner.Run("prepare", "--check", root, "--benchmark", list);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("vggsound layout, 0 of 2 clip(s) complete, 1 with problems, 1 missing", r.Stdout.Replace("VggSound", "vggsound"));
        Assert.Contains("zpWuikVorYg_32000_42000: sound lasts 3.00 s, shorter than the 10-s clip", r.Stdout);
        Assert.Contains("gEvCUcZ6w88_30000_40000", r.Stdout);
        Assert.Equal(files, Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void BadArgumentsAreOneLine()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("prepare", "--videos", Path.Combine(_dir, "nowhere"), "--out", _dir), "no such folder or list file");
        CliRunner.AssertOneLineError(CliRunner.Run("prepare", "--check", Path.Combine(_dir, "videos")), "not a data root");
        CliRunner.AssertOneLineError(CliRunner.Run("prepare", "--videos", _dir, "--out", _dir, "--layout", "coco"), "unknown layout 'coco'");
    }

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SoundSight.Cli.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        var p = Process.Start(start)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int Done(string audioFolder) =>
        Directory.Exists(audioFolder) ? Directory.GetFiles(audioFolder, "*.wav").Length : 0;

    private static IEnumerable<string> AllOutputs(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(p => p.EndsWith(".wav") || p.EndsWith(".jpg"));
}
