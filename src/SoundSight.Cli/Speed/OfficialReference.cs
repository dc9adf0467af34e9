using System.Diagnostics;
using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Cli.Speed;

/// <summary>
/// Runs a reference timing script of the official PyTorch code (tools/bench/*.py) with the same inputs and
/// thread count, so SoundSight's figures are printed beside PyTorch's from the same run on the same machine.
/// </summary>
public static class OfficialReference
{
    public static JsonElement Run(string python, string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["PYTHONWARNINGS"] = "ignore";
        using var process = Process.Start(start) ?? throw new InputException(python, "did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var json = output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (process.ExitCode != 0 || json is null)
        {
            var last = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            // A missing module is the common case on a fresh machine: say how to get every one at once.
            var hint = last.Contains("ModuleNotFoundError", StringComparison.Ordinal) ? " (scripts/setup.sh --reference installs what the official code imports)" : "";
            throw new InputException(script, $"reference run failed: {last}{hint}");
        }
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>The repository's tools/ folder, found upwards from the running CLI.</summary>
    public static string ToolsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var tools = Path.Combine(dir.FullName, "tools", "bench");
            if (Directory.Exists(tools))
            {
                return tools;
            }
        }
        throw new InputException("tools/bench", "not found above the CLI: run the bench command from a SoundSight checkout");
    }
}
