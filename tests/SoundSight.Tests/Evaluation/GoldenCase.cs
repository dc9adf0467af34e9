using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>One fixture of tools/golden/evaluation_fixtures.py laid out on disk as a user would have it.</summary>
internal sealed class GoldenCase : IDisposable
{
    public GoldenCase(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", name + ".json");
        Json = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.Clone();
        Folder = Directory.CreateTempSubdirectory("soundsight-eval-").FullName;
        Predictions = Path.Combine(Folder, "predictions");
        Saliency = Path.Combine(Folder, "saliency");
        Directory.CreateDirectory(Predictions);
        Preset = BenchmarkPresets.Get(Json.GetProperty("benchmark").GetString()!);
        var annotations = Json.GetProperty("annotations");
        var names = new List<string>();
        if (Preset.Kind == BenchmarkKind.Flickr)
        {
            Annotations = Path.Combine(Folder, "Annotations");
            Directory.CreateDirectory(Annotations);
            foreach (var p in annotations.EnumerateObject())
            {
                File.WriteAllText(Path.Combine(Annotations, p.Name + ".xml"), p.Value.GetString());
                names.Add(p.Name);
            }
            Subset = Path.Combine(Folder, "flickr_test.csv");
            File.WriteAllLines(Subset, names.Select(n => n + ",0"));
        }
        else
        {
            Annotations = Path.Combine(Folder, "annotations.json");
            File.WriteAllText(Annotations, annotations.GetRawText());
            foreach (var e in annotations.EnumerateArray())
            {
                names.Add(Preset.Kind == BenchmarkKind.VggSs ? e.GetProperty("file").GetString()! : Path.GetFileNameWithoutExtension(e.GetProperty("image").GetString()!));
            }
        }
        Names = names;
        var maps = Json.GetProperty("maps").EnumerateArray().ToList();
        for (var i = 0; i < names.Count; i++)
        {
            MapRecipes.Save(Path.Combine(Predictions, names[i] + ".npy"), MapRecipes.Make(maps[i]));
        }
        if (Json.GetProperty("saliency").ValueKind == JsonValueKind.Array)
        {
            Directory.CreateDirectory(Saliency);
            var saliency = Json.GetProperty("saliency").EnumerateArray().ToList();
            for (var i = 0; i < names.Count; i++)
            {
                MapRecipes.Save(Path.Combine(Saliency, names[i] + ".npy"), MapRecipes.Make(saliency[i]));
            }
        }
    }

    public JsonElement Json { get; }

    public JsonElement Expected => Json.GetProperty("expected");

    public BenchmarkPreset Preset { get; }

    public string Folder { get; }

    public string Annotations { get; }

    public string? Subset { get; }

    public string Predictions { get; }

    public string Saliency { get; }

    public IReadOnlyList<string> Names { get; }

    public bool HasSaliency => Directory.Exists(Saliency);

    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String && e.GetString() == "NaN" ? double.NaN : e.GetDouble();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
