using System.Text.RegularExpressions;
using SoundSight.Cli.Console;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Cli;

/// <summary>
/// The library's errors name settings; the CLI prints them as its flags. Every setting the library can name has a
/// flag, and an error met in the library reads with the setting's name there and with the flag on the command line.
/// </summary>
public sealed class SettingFlagsTests
{
    [Fact]
    public void EverySettingTheLibraryCanNameHasAFlag()
    {
        Assert.NotEmpty(Setting.All);
        var missing = Setting.All.Where(s => !SettingFlags.Table.ContainsKey(s)).ToList();
        Assert.True(missing.Count == 0, $"settings without a CLI flag: {string.Join(", ", missing)}");
        Assert.All(SettingFlags.Table.Values, flag => Assert.StartsWith("--", flag));
        Assert.Equal(SettingFlags.Table.Count, SettingFlags.Table.Values.Distinct().Count());
    }

    [Fact]
    public void TheTableNamesNoSettingTheLibraryLacks()
    {
        Assert.Empty(SettingFlags.Table.Keys.Except(Setting.All));
    }

    [Fact]
    public void LibraryErrorsNameTheSettingAndTheCliItsFlag()
    {
        var e = Assert.Throws<InputException>(() => ShardSpec.Parse("3/2"));
        Assert.Equal("shard: '3/2' is not i/N with 0 <= i < N", e.Message);
        Assert.Equal("shard", e.Path);
        Assert.Equal("--shard: '3/2' is not i/N with 0 <= i < N", SettingFlags.Describe(e));
    }

    [Fact]
    public void SettingsMentionedInsideAMessageAreWrittenAsFlags()
    {
        var e = new InputException(Setting.Mention(Setting.StepSeconds, Setting.WindowSeconds), $"see {Setting.Mention(Setting.DataRoot)}; a batch of {Setting.Mention(Setting.Batch)} 1");
        Assert.Equal("step_seconds/window_seconds: see data_root; a batch of batch 1", e.Message);
        Assert.Equal("--step/--window: see --data-root; a batch of --batch 1", SettingFlags.Describe(e));
    }

    [Fact]
    public void TheCliPrintsALibraryErrorWithTheFlag()
    {
        var r = CliRunner.Run("compose", "--out", Path.Combine(Path.GetTempPath(), $"soundsight-flags-{Guid.NewGuid():N}"), "--jpeg-quality", "0");
        CliRunner.AssertOneLineError(r, "error: --jpeg-quality: must be in 1..100");
    }

    /// <summary>A flag written into the library would reach API and web users as a flag they cannot set.</summary>
    [Fact]
    public void TheLibrariesWriteNoFlagIntoAnError()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var offenders = new[] { "SoundSight", "SoundSight.Web" }
            .SelectMany(library => Directory.EnumerateFiles(Path.Combine(src, library), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Regex.IsMatch(x.line, "\"--[a-z]"))
            .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}")
            .ToList();
        Assert.True(offenders.Count == 0, $"flags as string literals in the library: {string.Join(", ", offenders)}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoundSight.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (SoundSight.slnx) is not above the test folder");
    }
}
