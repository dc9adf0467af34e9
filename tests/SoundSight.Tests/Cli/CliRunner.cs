using System.Diagnostics;

namespace SoundSight.Tests.Cli;

/// <summary>Runs the real CLI (the built SoundSight.Cli.dll beside the tests) as a user would, in a child process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with extra environment variables.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>How the CLI is started (output redirected, hermetic environment), for a caller that runs it itself (e.g. serve, which runs until stopped).</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SoundSight.Cli.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["SOUNDSIGHT_DEBUG"] = "0";
        // Hermetic: no default model left by a demo on this machine changes what `localize` does in a test.
        start.Environment["SOUNDSIGHT_HOME"] = Path.Combine(Path.GetTempPath(), "soundsight-tests-home-none");
        // Hermetic and quick: no backend timing (and no per-user choice cache) in a test; the backend is the one the
        // tests were written against (Winograd on AVX-512, else ONNX Runtime). BackendChoiceTests cover the timing.
        start.Environment["SOUNDSIGHT_BACKEND"] = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "winograd" : "onnx";
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "soundsight-tests-cache");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Asserts a failure reported as exactly one "error: FILE: problem" line, never a stack trace.</summary>
    public static void AssertOneLineError(Result r, string expectedFragment)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{r.Stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    /// <summary>Makes a small video with ffmpeg's own test sources.</summary>
    public static void MakeVideo(string path, double seconds, bool withAudio)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        var args = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=96x64:rate=10:duration={seconds}" };
        if (withAudio)
        {
            args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=22050:duration={seconds}"]);
        }
        args.AddRange(["-pix_fmt", "yuv420p", "-shortest", path]);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
