using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Data;

/// <summary>
/// The clip ids a benchmark expects, from the authors' metadata files, in the names of the data root's layout:
/// vggss.json (objects with a "file" key such as <c>zpWuikVorYg_000032</c>), ours_vggss.txt (folder ids, the
/// 4,655-clip list), vggss_*.csv (keys, first column), flickr_test.csv (Flickr ids, first column), or any text
/// file with one id per line. VGGSound keys are turned into folder ids (<see cref="VggSoundLayout.FolderIdOf"/>).
/// </summary>
public static class BenchmarkList
{
    public static IReadOnlyList<string> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "benchmark list not found");
        }
        var ids = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(path) : FromLines(path);
        if (ids.Count == 0)
        {
            throw new InputException(path, "benchmark list names no clips");
        }
        return ids.Select(VggSoundLayout.FolderIdOf).Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> FromJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InputException(path, "expected a JSON array of objects with a \"file\" key (as vggss.json)");
            }
            var ids = new List<string>();
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("file", out var file) && file.GetString() is { } name)
                {
                    ids.Add(name);
                }
                else if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("image", out var image) && image.GetString() is { } picture)
                {
                    ids.Add(Path.GetFileNameWithoutExtension(picture));
                }
                else
                {
                    throw new InputException(path, "an entry has neither \"file\" nor \"image\"");
                }
            }
            return ids;
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"not valid JSON ({e.Message})");
        }
    }

    private static List<string> FromLines(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split(',')[0].Trim())
            .Where(id => id.Length > 0)
            .ToList();
}
