using System.Text.Json;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// The authors' JSON lists of {image, audio, gt_box} (IS3 synthetic3240_*.json, AVSBench s4_/ms3_*.json, VPO
/// vpo_*.json). gt_box is [x1, y1, x2, y2] in 224-px (truncated with int() as load_all_bboxes does) or, in the
/// *_seg.json files, the path of a mask image. Paths are the authors' machine paths: only their last components
/// are used to find files under a data root.
/// </summary>
public static class BoxJsonReader
{
    public static BenchmarkSet Read(BenchmarkPreset preset, string path)
    {
        var root = AnnotationJson.Load(path);
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(path, "expected a JSON list of {image, audio, gt_box} entries");
        }
        var entries = new List<BenchmarkEntry>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            entries.Add(ReadEntry(preset, path, index, item));
            index++;
        }
        AnnotationJson.CheckUniqueNames(path, entries);
        return new BenchmarkSet(preset, path, entries, []);
    }

    private static BenchmarkEntry ReadEntry(BenchmarkPreset preset, string path, int index, JsonElement item)
    {
        var where = $"{path} entry {index}";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(where, "expected an object {image, audio, gt_box}");
        }
        var image = AnnotationJson.String(item, "image", where);
        var audio = AnnotationJson.String(item, "audio", where);
        var parts = image.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
        var audioParts = audio.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || audioParts.Length == 0)
        {
            throw new InputException(where, "empty image or audio path");
        }
        var basename = parts[^1];
        var name = Path.GetFileNameWithoutExtension(basename);
        where = $"{path} entry {index} ({name})";
        // The components validate_lvs keeps under its image/audio roots: AVSBench S4 keeps class/video folders.
        var imageTail = preset.Kind switch
        {
            BenchmarkKind.S4 => Tail(parts, 3),
            BenchmarkKind.Ms3 => Tail(parts, 2),
            _ => basename,
        };
        var audioTail = preset.Kind == BenchmarkKind.S4 ? Tail(audioParts, 2) : audioParts[^1];
        var imageCandidates = new List<string> { imageTail, $"images/{basename}", $"visual_frames/{basename}", basename };
        var audioCandidates = new List<string> { audioTail, $"audio_wav/{audioParts[^1]}", $"audio_waw/{audioParts[^1]}", audioParts[^1] };
        var cls = preset.Kind == BenchmarkKind.S4 && parts.Length >= 3 ? parts[^3] : "";
        var entry = new BenchmarkEntry
        {
            Index = index,
            Name = name,
            OfficialName = basename,
            ImageCandidates = imageCandidates,
            AudioCandidates = audioCandidates,
            Class = cls,
        };

        if (!item.TryGetProperty("gt_box", out var box))
        {
            throw new InputException(where, "missing 'gt_box'");
        }
        if (box.ValueKind == JsonValueKind.String)
        {
            var mask = box.GetString()!.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
            if (mask.Length == 0)
            {
                throw new InputException(where, "empty mask path in 'gt_box'");
            }
            return entry with { MaskCandidates = [preset.Kind == BenchmarkKind.S4 ? Tail(mask, 3) : mask[^1], $"gt_segmentation/{mask[^1]}", $"gt_masks/{mask[^1]}", mask[^1]] };
        }
        var values = AnnotationJson.Numbers(box, 4, where, "gt_box");
        var b = new PixelBox((int)values[0], (int)values[1], (int)values[2], (int)values[3]);
        CheckPixelBox(b, where);
        return entry with { Boxes = [b] };
    }

    /// <summary>A box must lie on the 224 grid and not be inverted (x1 &lt;= x2, y1 &lt;= y2; equal is an empty box).</summary>
    public static void CheckPixelBox(PixelBox b, string where)
    {
        var size = BenchmarkPresets.MapSize;
        if (b.X1 < 0 || b.Y1 < 0 || b.X2 > size || b.Y2 > size)
        {
            throw new InputException(where, $"box {b} lies outside the {size} x {size} image");
        }
        if (b.X2 < b.X1 || b.Y2 < b.Y1)
        {
            throw new InputException(where, $"box {b} is inverted (x2 < x1 or y2 < y1)");
        }
    }

    private static string Tail(string[] parts, int count) => string.Join('/', parts[Math.Max(0, parts.Length - count)..]);
}
