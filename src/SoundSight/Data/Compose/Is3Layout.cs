using System.Globalization;
using System.Text;
using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Data.Compose;

/// <summary>
/// The official IS3 layout, which the authors' test.py and SoundSight's evaluate read: images/, audio_wav/ and
/// gt_segmentation/ beside metadata/synthetic3240_bbox.json (gt_box: the box in 224-px coordinates) and
/// metadata/synthetic3240_seg.json (gt_box: the mask image, "offset": 1), with paths relative to the set's root,
/// so that test.py, whose loader opens metadata/synthetic3240_bbox.json in its working folder and the files in
/// the folders the first entry names, runs unchanged from that root. A manifest.csv (image, audio, class, id)
/// beside them lists the same pairs for training and retrieval.
/// </summary>
public static class Is3Layout
{
    public const string Images = "images";
    public const string Audio = "audio_wav";
    public const string Masks = "gt_segmentation";
    public const string BoxFile = "metadata/synthetic3240_bbox.json";
    public const string SegmentationFile = "metadata/synthetic3240_seg.json";
    public const string Manifest = "manifest.csv";

    /// <summary>The entries as the official synthetic3240_bbox.json writes them (boxes as floats, e.g. 49.0).</summary>
    public static string BoxJson(IEnumerable<Is3Entry> entries) => Json(entries, (w, e) =>
    {
        w.WritePropertyName("gt_box");
        w.WriteStartArray();
        foreach (var v in e.GtBox)
        {
            w.WriteRawValue(v.ToString(CultureInfo.InvariantCulture) + ".0");
        }
        w.WriteEndArray();
    });

    /// <summary>The entries as the official synthetic3240_seg.json writes them (gt_box names the mask image).</summary>
    public static string SegmentationJson(IEnumerable<Is3Entry> entries) => Json(entries, (w, e) =>
    {
        w.WriteString("gt_box", e.Mask);
        w.WriteNumber("offset", 1);
    });

    /// <summary>The manifest the trainer reads: image, audio, class, id.</summary>
    public static string ManifestCsv(IEnumerable<Is3Entry> entries)
    {
        var text = new StringBuilder("image,audio,class,id\n");
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.Image},{e.Audio},{e.Class},{e.Name}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads a set back from its two json files (the class is the name's last token, as in IS3); the boxes and
    /// masks of one entry must name the same image in both files, in the same order.
    /// </summary>
    public static IReadOnlyList<Is3Entry> Read(string root)
    {
        var boxes = ReadArray(Path.Combine(root, BoxFile));
        var masks = ReadArray(Path.Combine(root, SegmentationFile));
        if (boxes.Count != masks.Count)
        {
            throw new InputException(Path.Combine(root, SegmentationFile), $"{masks.Count} entries, but {BoxFile} has {boxes.Count}");
        }
        var entries = new List<Is3Entry>(boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
        {
            var where = $"{Path.Combine(root, BoxFile)}: entry {i}";
            var image = Text(boxes[i], "image", where);
            if (Text(masks[i], "image", where) != image)
            {
                throw new InputException(where, $"the segmentation file's entry {i} is another image");
            }
            if (!boxes[i].TryGetProperty("gt_box", out var gt) || gt.ValueKind != JsonValueKind.Array || gt.GetArrayLength() != 4 || gt.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            {
                throw new InputException(where, "gt_box must be 4 numbers [x1, y1, x2, y2]");
            }
            var box = gt.EnumerateArray().Select(v => (int)v.GetDouble()).ToArray();
            var name = Path.GetFileNameWithoutExtension(image);
            entries.Add(new Is3Entry(image, Text(boxes[i], "audio", where), box, Text(masks[i], "gt_box", where), name[(name.LastIndexOf('_') + 1)..]));
        }
        return entries;
    }

    private static string Text(JsonElement entry, string key, string where) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InputException(where, $"missing or non-text '{key}'");

    private static List<JsonElement> ReadArray(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InputException(path, $"not an IS3 annotation file (a JSON array of entries): {e.Message}");
        }
    }

    private static string Json(IEnumerable<Is3Entry> entries, Action<Utf8JsonWriter, Is3Entry> annotation)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1 }))
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("image", e.Image);
                w.WriteString("audio", e.Audio);
                annotation(w, e);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
