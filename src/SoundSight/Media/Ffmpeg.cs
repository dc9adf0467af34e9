using System.Diagnostics;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>
/// Runs the system's ffmpeg/ffprobe (installed by scripts/setup.sh) with an argument list (no shell, so names
/// with spaces or unicode are safe) and returns what it wrote to stdout.
/// </summary>
public static class Ffmpeg
{
    public static byte[] Run(string tool, string input, IEnumerable<string> arguments)
    {
        if (!File.Exists(input))
        {
            throw new InputException(input, "file not found");
        }
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException(input, $"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InputException(input, $"{tool} not found: run scripts/setup.sh (it installs ffmpeg)");
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InputException(input, $"{tool} cannot read it: {LastLine(errors.Result)}");
            }
            return output.ToArray();
        }
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "unknown error" : lines[^1];
    }
}
