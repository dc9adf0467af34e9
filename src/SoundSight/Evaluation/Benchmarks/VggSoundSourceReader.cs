using System.Globalization;
using System.Text.Json;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// VGG-SS (vggss.json: {file, class, bbox: [[x1, y1, x2, y2] normalised]}). Boxes become int(clip(v, 0, 1) * 224),
/// as load_all_bboxes does; the ground truth is their union. The real file holds garbage coordinates
/// (-2.9e16) that the official clip turns into empty boxes: they are kept as the official code keeps them, and
/// counted in a note. The file key "zpWuikVorYg_000032" is clip zpWuikVorYg_32000_42000.
/// </summary>
public static class VggSoundSourceReader
{
    /// <param name="subset">
    /// Optional list of clips to keep, one per line, either clip names (ours_vggss.txt: ytid_startms_endms) or file
    /// keys (vggss_heard_test.csv / vggss_unheard_test.csv: ytid_start); the first comma-separated column is used.
    /// </param>
    public static BenchmarkSet Read(BenchmarkPreset preset, string path, string? subset = null)
    {
        var root = AnnotationJson.Load(path);
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(path, "expected a JSON list of {file, class, bbox} entries");
        }
        HashSet<string>? keep = subset is null ? null : ReadSubset(subset);
        var entries = new List<BenchmarkEntry>();
        var emptied = 0;
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var where = $"{path} entry {index}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(where, "expected an object {file, class, bbox}");
            }
            var file = AnnotationJson.String(item, "file", where);
            where = $"{path} entry {index} ({file})";
            var clip = ClipName(file, where);
            var cls = item.TryGetProperty("class", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            if (!item.TryGetProperty("bbox", out var boxes) || boxes.ValueKind != JsonValueKind.Array)
            {
                throw new InputException(where, "missing 'bbox' list");
            }
            var list = new List<PixelBox>();
            foreach (var box in boxes.EnumerateArray())
            {
                var v = AnnotationJson.Numbers(box, 4, where, "bbox");
                var b = new PixelBox(Scale(v[0]), Scale(v[1]), Scale(v[2]), Scale(v[3]));
                if (b.X2 < b.X1 || b.Y2 < b.Y1)
                {
                    // numpy's gt[y1:y2, x1:x2] of an inverted slice is empty: keep it empty, as officially.
                    emptied++;
                    b = new PixelBox(b.X1, b.Y1, b.X1, b.Y1);
                }
                list.Add(b);
            }
            if (keep is null || keep.Contains(clip) || keep.Contains(file))
            {
                entries.Add(new BenchmarkEntry
                {
                    Index = index,
                    Name = file,
                    OfficialName = clip + ".mp4",
                    ImageCandidates = [$"VGGSound_img/{clip}/image_050.jpg", $"{clip}/image_050.jpg", $"{clip}.jpg", $"{file}.jpg"],
                    AudioCandidates = [$"VGGSound_aud/{clip}.wav", $"{clip}.wav", $"{file}.wav"],
                    Boxes = list,
                    Class = cls,
                });
            }
            index++;
        }
        AnnotationJson.CheckUniqueNames(path, entries);
        var notes = new List<string>();
        if (emptied > 0)
        {
            notes.Add($"{emptied} box(es) are inverted after clipping to [0, 1] (garbage coordinates in the file) and count as empty, as in the official code");
        }
        if (keep is not null)
        {
            notes.Add($"subset {Path.GetFileName(subset)}: {entries.Count} of {index} clips");
        }
        return new BenchmarkSet(preset, path, entries, notes);
    }

    /// <summary>vgg_filename: "zpWuikVorYg_000032" -> "zpWuikVorYg_32000_42000".</summary>
    public static string ClipName(string file, string where)
    {
        if (file.Length < 13 || file[11] != '_' || !int.TryParse(file[12..], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            throw new InputException(where, $"'{file}' is not a VGGSound key (11-character YouTube id, '_', start second)");
        }
        return $"{file[..11]}_{start * 1000}_{(start + 10) * 1000}";
    }

    /// <summary>(np.clip(v, 0, 1) * 224).astype(int).</summary>
    private static int Scale(double v) => (int)(Math.Clamp(v, 0.0, 1.0) * BenchmarkPresets.MapSize);

    private static HashSet<string> ReadSubset(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "subset file not found");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var first = line.Split(',')[0].Trim();
            if (first.Length > 0 && first != "video" && first != "file")
            {
                names.Add(first);
            }
        }
        if (names.Count == 0)
        {
            throw new InputException(path, "subset file lists no clips");
        }
        return names;
    }
}
