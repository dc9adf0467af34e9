using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// Flickr-SoundNet test annotations: one XML per image. In every `bbox` element, the children after the first are
/// xmin, ymin, xmax, ymax in 256-px coordinates, scaled int(224 * v / 256); the ground truth is the sum of all
/// annotators' boxes / 2, clipped to 1 (values 0, 0.5, 1). Accepts a folder of XMLs, or the downloaded layout
/// (a root with Annotations/*.xml beside Data/). Elements other than `bbox` are ignored (the official loader
/// appends an empty box for them and then fails to unpack it).
/// </summary>
public static class FlickrReader
{
    /// <param name="path">A folder of XML files, a root holding Annotations/, or one XML file.</param>
    /// <param name="subset">Optional list of ids (flickr_test.csv: first column), in the order to score.</param>
    public static BenchmarkSet Read(BenchmarkPreset preset, string path, string? subset = null)
    {
        var folder = AnnotationFolder(path);
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.xml").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [folder];
        if (files.Count == 0)
        {
            throw new InputException(path, "no .xml annotation files here (expected one XML per image, or Annotations/*.xml)");
        }
        var byId = files.ToDictionary(f => Path.GetFileName(f).Split('.')[0], f => f, StringComparer.Ordinal);
        IReadOnlyList<string> ids = byId.Keys.ToList();
        var notes = new List<string>();
        if (subset is not null)
        {
            ids = ReadIds(subset);
            var missing = ids.Where(id => !byId.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                throw new InputException(folder, $"{missing.Count} of the {ids.Count} images listed in {Path.GetFileName(subset)} have no annotation XML here (first: {string.Join(", ", missing.Take(5))})");
            }
            notes.Add($"subset {Path.GetFileName(subset)}: {ids.Count} of {byId.Count} annotated images");
        }
        var entries = new List<BenchmarkEntry>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            entries.Add(new BenchmarkEntry
            {
                Index = i,
                Name = id,
                OfficialName = id + ".mp4",
                ImageCandidates = [$"{id}.mp4/*.jpg", $"Data/{id}.jpg", $"{id}.jpg", $"{id}/*.jpg"],
                AudioCandidates = [$"{id}.wav", $"Data/{id}.wav", $"{id}.mp3", $"Data/{id}.mp3"],
                Boxes = ReadBoxes(byId[id]),
            });
        }
        return new BenchmarkSet(preset, path, entries, notes);
    }

    /// <summary>Boxes of one annotation file, scaled to the 224 grid.</summary>
    public static IReadOnlyList<PixelBox> ReadBoxes(string file)
    {
        XElement root;
        try
        {
            root = XDocument.Load(file).Root ?? throw new InputException(file, "empty XML document");
        }
        catch (XmlException e)
        {
            throw new InputException(file, $"malformed XML (line {e.LineNumber}): {e.Message}");
        }
        catch (IOException e)
        {
            throw new InputException(file, $"cannot read ({e.Message})");
        }
        var boxes = new List<PixelBox>();
        foreach (var child in root.Elements())
        {
            foreach (var bbox in child.Elements().Where(e => e.Name.LocalName == "bbox"))
            {
                var values = bbox.Elements().Skip(1).ToList();
                if (values.Count != 4)
                {
                    throw new InputException(file, $"bbox {boxes.Count + 1} has {values.Count} coordinates after its first child, expected 4 (xmin, ymin, xmax, ymax)");
                }
                var v = new int[4];
                for (var k = 0; k < 4; k++)
                {
                    if (!int.TryParse(values[k].Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var raw))
                    {
                        throw new InputException(file, $"bbox {boxes.Count + 1}: <{values[k].Name.LocalName}> is '{values[k].Value.Trim()}', not an integer");
                    }
                    if (raw < 0 || raw > BenchmarkPresets.FlickrAnnotationSize)
                    {
                        throw new InputException(file, $"bbox {boxes.Count + 1}: {values[k].Name.LocalName} = {raw} lies outside the 256-px image");
                    }
                    v[k] = (int)(BenchmarkPresets.MapSize * (double)raw / BenchmarkPresets.FlickrAnnotationSize);
                }
                var b = new PixelBox(v[0], v[1], v[2], v[3]);
                BoxJsonReader.CheckPixelBox(b, file);
                boxes.Add(b);
            }
        }
        return boxes;
    }

    private static string AnnotationFolder(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }
        if (!Directory.Exists(path))
        {
            throw new InputException(path, "annotation folder not found");
        }
        foreach (var name in new[] { "Annotations", "annotations", "Flickr_annotations" })
        {
            var sub = Path.Combine(path, name);
            if (Directory.Exists(sub))
            {
                return sub;
            }
        }
        return path;
    }

    private static List<string> ReadIds(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "subset file not found");
        }
        var ids = File.ReadLines(path).Select(l => l.Split(',')[0].Trim()).Where(s => s.Length > 0 && s != "video").ToList();
        if (ids.Count == 0)
        {
            throw new InputException(path, "subset file lists no images");
        }
        return ids;
    }
}
