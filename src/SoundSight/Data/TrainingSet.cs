using System.Globalization;
using System.Text.Json;
using SoundSight.IO;
using SoundSight.Runtime;

namespace SoundSight.Data;

/// <summary>
/// Reads the pairs a run trains on: a manifest (CSV with a header naming image, audio and optionally class and
/// id columns; or JSON Lines with those keys; paths relative to the manifest's folder), or a VGGSound-style folder
/// (VGGSound_img/&lt;id&gt;/image_050.jpg with VGGSound_aud/&lt;id&gt;.wav).
/// </summary>
public static class TrainingSet
{
    public static IReadOnlyList<TrainingItem> Load(string path)
    {
        if (Directory.Exists(path))
        {
            return FromVggSoundFolder(path);
        }
        if (!File.Exists(path))
        {
            throw new InputException(path, "no such manifest or folder");
        }
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? FromJsonLines(path)
            : FromCsv(path);
    }

    public static IReadOnlyList<TrainingItem> FromVggSoundFolder(string root)
    {
        var images = Path.Combine(root, VggSoundLayout.ImageFolder);
        var audio = Path.Combine(root, VggSoundLayout.AudioFolder);
        if (!Directory.Exists(images) || !Directory.Exists(audio))
        {
            throw new InputException(root, "not a VGGSound-style folder (needs VGGSound_img/ and VGGSound_aud/), nor a manifest");
        }
        var items = new List<TrainingItem>();
        foreach (var dir in Directory.GetDirectories(images).OrderBy(d => d, StringComparer.Ordinal))
        {
            var id = Path.GetFileName(dir);
            var image = VggSoundLayout.ImagePath(root, id!);
            var wav = VggSoundLayout.AudioPath(root, id!);
            if (File.Exists(image) && File.Exists(wav))
            {
                items.Add(new TrainingItem(id, image, wav, null, $"{root}:{id}"));
            }
        }
        if (items.Count == 0)
        {
            throw new InputException(root, "no complete pairs (VGGSound_img/<id>/image_050.jpg with VGGSound_aud/<id>.wav)");
        }
        return items;
    }

    private static IReadOnlyList<TrainingItem> FromCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InputException(path, "empty manifest");
        }
        var header = CsvLine.Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int image = header.IndexOf("image"), audio = header.IndexOf("audio"), cls = header.IndexOf("class"), id = header.IndexOf("id");
        if (image < 0 || audio < 0)
        {
            throw new InputException($"{path}:1", "manifest header must name 'image' and 'audio' columns (optionally 'class', 'id')");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var items = new List<TrainingItem>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }
            var cells = CsvLine.Split(lines[n]);
            var where = $"{path}:{n + 1}";
            if (cells.Count <= Math.Max(image, audio))
            {
                throw new InputException(where, $"expected {header.Count} columns, found {cells.Count}");
            }
            items.Add(Item(dir, cells[image], cells[audio], cls >= 0 && cls < cells.Count ? cells[cls] : null, id >= 0 && id < cells.Count ? cells[id] : null, where));
        }
        return items;
    }

    private static IReadOnlyList<TrainingItem> FromJsonLines(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var items = new List<TrainingItem>();
        var lines = File.ReadAllLines(path);
        for (var n = 0; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }
            var where = $"{path}:{n + 1}";
            try
            {
                using var doc = JsonDocument.Parse(lines[n]);
                var root = doc.RootElement;
                string? Get(string key) => root.TryGetProperty(key, out var v) ? v.ToString() : null;
                var image = Get("image") ?? throw new InputException(where, "missing 'image'");
                var audio = Get("audio") ?? throw new InputException(where, "missing 'audio'");
                items.Add(Item(dir, image, audio, Get("class"), Get("id"), where));
            }
            catch (JsonException e)
            {
                throw new InputException(where, $"not valid JSON ({e.Message})");
            }
        }
        return items;
    }

    private static TrainingItem Item(string dir, string image, string audio, string? cls, string? id, string where)
    {
        var imagePath = Path.GetFullPath(Path.Combine(dir, image.Trim()));
        var audioPath = Path.GetFullPath(Path.Combine(dir, audio.Trim()));
        return new TrainingItem(string.IsNullOrWhiteSpace(id) ? Path.GetFileNameWithoutExtension(imagePath) : id.Trim(), imagePath, audioPath, string.IsNullOrWhiteSpace(cls) ? null : cls.Trim(), where);
    }

    /// <summary>CSV fields with double-quoted values (commas and doubled quotes inside quotes).</summary>

    /// <summary>Splits items into training and validation parts, deterministically by seed.</summary>
    public static (IReadOnlyList<TrainingItem> Train, IReadOnlyList<TrainingItem> Validation) Split(IReadOnlyList<TrainingItem> items, double validationFraction, ulong seed)
    {
        var order = new SeededRandom(seed, 0x56414C).Permutation(items.Count);
        var count = (int)Math.Round(items.Count * validationFraction, MidpointRounding.AwayFromZero);
        count = Math.Clamp(count, validationFraction > 0 ? 1 : 0, Math.Max(0, items.Count - 1));
        var validation = order.Take(count).OrderBy(i => i).Select(i => items[i]).ToList();
        var train = order.Skip(count).OrderBy(i => i).Select(i => items[i]).ToList();
        return (train, validation);
    }

    internal static string Describe(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
