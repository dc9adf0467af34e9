using System.Diagnostics;

namespace SoundSight.Tests.Media;

/// <summary>Makes small media files with ffmpeg itself (lavfi sources), for tests.</summary>
internal static class TestMedia
{
    /// <summary>Runs <c>ffmpeg -v error -y ARGS PATH</c> and returns PATH.</summary>
    public static string Make(string path, params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-y" }.Concat(args).Append(path))
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return path;
    }

    /// <summary>A 440 Hz sine at a rate for <paramref name="seconds"/>, as an ffmpeg lavfi input.</summary>
    public static string[] Sine(double seconds, int rate = 22050, int frequency = 440) =>
        ["-f", "lavfi", "-i", FormattableString.Invariant($"sine=frequency={frequency}:sample_rate={rate}:duration={seconds}")];

    /// <summary>ffmpeg's test picture, moving, as an ffmpeg lavfi input (testsrc2 rounds sizes to even; testsrc keeps odd ones).</summary>
    public static string[] Picture(double seconds, string size = "64x48", int rate = 10, string source = "testsrc2") =>
        ["-f", "lavfi", "-i", FormattableString.Invariant($"{source}=size={size}:rate={rate}:duration={seconds}")];

    /// <summary>Power of the samples at <paramref name="frequency"/> (one DFT bin), to tell tones apart.</summary>
    public static double Power(IReadOnlyList<double> x, int rate, double frequency)
    {
        double c = 0, s = 0;
        for (var n = 0; n < x.Count; n++)
        {
            c += x[n] * Math.Cos(2 * Math.PI * frequency * n / rate);
            s += x[n] * Math.Sin(2 * Math.PI * frequency * n / rate);
        }
        return (c * c) + (s * s);
    }
}
