using System.Text.Json;
using System.Text.Json.Serialization;
using SoundSight.Demo;
using SoundSight.IO;

namespace SoundSight.Study;

/// <summary>One recipe of the grid: a training method (alignment or ezvsl) on the demo's data, plus recipe overrides.</summary>
public sealed record StudyRecipe
{
    public string Name { get; init; } = "";

    public string Method { get; init; } = "alignment";

    /// <summary>Recipe overrides as `train --set` takes them (key=value).</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary>
    /// How the alignment method's neighbours are mined (`mine-neighbours --mining`: authors, through-audio,
    /// agreement); null: the demo's own neighbour file.
    /// </summary>
    public string? Mining { get; init; }
}

/// <summary>One setting of the grid: overrides applied to every recipe (e.g. a learning rate), named.</summary>
public sealed record StudySetting
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string> Set { get; init; } = [];
}

/// <summary>A cell of the grid (recipe x setting), trained once per seed.</summary>
public sealed record StudyCell(string Name, string Method, IReadOnlyList<string> Set, string? Mining = null);

/// <summary>
/// What `study --config` reads: the data (the demo's composition, optionally resized), the step budget, the seeds,
/// and the grid (recipes x settings). Every run trains <see cref="Steps"/> steps with the demo's recipe for its
/// method, the cell's overrides and its seed, and is scored on the demo's held-out set and the shipped
/// out-of-distribution set.
/// </summary>
public sealed record StudyConfig
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The demo's data settings (scenes, picture size, audio window, batch, learning rate); null: the demo's own.</summary>
    public DemoSettings? Data { get; init; }

    public int Steps { get; init; } = 256;

    public IReadOnlyList<ulong> Seeds { get; init; } = [0, 1, 2];

    public IReadOnlyList<StudyRecipe> Recipes { get; init; } = [];

    public IReadOnlyList<StudySetting> Settings { get; init; } = [];

    /// <summary>Score the shipped out-of-distribution set (assets/ood) beside the held-out set.</summary>
    public bool OutOfDistribution { get; init; } = true;

    /// <summary>
    /// Also score two sets that shift one modality each (the out-of-distribution kit's pictures with the training
    /// kit's sounds, and the other way round), to tell which one costs a model out of distribution.
    /// </summary>
    public bool OutOfDistributionSplit { get; init; } = true;

    /// <summary>Scenes composed from the out-of-distribution kit (two sounding objects each).</summary>
    public int OutOfDistributionScenes { get; init; } = SoundSight.Data.Compose.OutOfDistributionSet.Scenes;

    /// <summary>The out-of-distribution kit; null: the shipped one.</summary>
    public string? OutOfDistributionKit { get; init; }

    public static StudyConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "study config not found");
        }
        StudyConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<StudyConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"not a study config: {e.Message}");
        }
        if (config is null)
        {
            throw new InputException(path, "empty study config");
        }
        config.Validate(path);
        return config;
    }

    public void Validate(string source)
    {
        if (Steps < 1)
        {
            throw new InputException(source, "steps must be at least 1");
        }
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
        {
            throw new InputException(source, "seeds must be a non-empty list of distinct numbers");
        }
        if (Recipes.Count == 0)
        {
            throw new InputException(source, "recipes is empty: name at least one {\"name\", \"method\", \"set\"}");
        }
        foreach (var r in Recipes)
        {
            if (r.Method is not ("alignment" or "ezvsl"))
            {
                throw new InputException(source, $"recipe '{r.Name}': method must be alignment or ezvsl, not '{r.Method}'");
            }
            if (r.Mining is { } m && !Training.NeighbourMining.IsValid(m))
            {
                throw new InputException(source, $"recipe '{r.Name}': mining must be one of {string.Join(", ", Training.NeighbourMining.All)}, not '{m}'");
            }
        }
        var names = Cells().Select(c => c.Name).ToList();
        if (names.Any(n => n.Length == 0 || n.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '+' or '.'))))
        {
            throw new InputException(source, "recipe and setting names must be non-empty letters, digits, '-', '_', '.' (they name run folders)");
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new InputException(source, "two cells of the grid have the same name");
        }
    }

    /// <summary>The grid: every recipe with every setting (a single unnamed setting leaves the recipe's name alone).</summary>
    public IReadOnlyList<StudyCell> Cells()
    {
        var settings = Settings.Count == 0 ? [new StudySetting()] : Settings;
        return Recipes.SelectMany(r => settings.Select(s => new StudyCell(
            s.Name.Length == 0 ? r.Name : $"{r.Name}+{s.Name}",
            r.Method,
            [.. r.Set, .. s.Set],
            r.Mining))).ToList();
    }
}
