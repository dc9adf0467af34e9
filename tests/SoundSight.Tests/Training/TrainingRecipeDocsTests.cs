using System.Text.RegularExpressions;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>docs/training.md's table of recipe keys names every key a recipe accepts, so none is left unexplained.</summary>
public sealed class TrainingRecipeDocsTests
{
    [Fact]
    public void EveryRecipeKeyIsInTheDocsTable()
    {
        // The settable properties: ToJson also writes the derived audio_window, which no recipe sets.
        var keys = typeof(TrainingRecipe).GetProperties()
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
            .ToList();
        Assert.Contains("aug_intra", keys);
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "training.md"));
        var documented = Regex.Matches(docs, @"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var missing = keys.Where(k => !documented.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"recipe keys without a row in docs/training.md: {string.Join(", ", missing)}");
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
