using SoundSight.IO;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// An extended set: a benchmark's sounding entries (with their boxes) plus the non-sounding pairs of a
/// *_plus_silent.csv (columns video,audio,label: the picture of one clip with the sound of another, or a clip whose
/// sound is off-screen), which have no box. Every entry is named <c>&lt;video&gt;__&lt;audio&gt;</c>, the stem `localize`
/// gives a pair's files, so raw maps are found as <c>&lt;video&gt;__&lt;audio&gt;.raw.npy</c>.
/// </summary>
public static class SilentPairSet
{
    public static List<BenchmarkEntry> Read(BenchmarkSet sounding, string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new InputException(csvPath, "non-sounding pairs file not found");
        }
        var lines = File.ReadAllLines(csvPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != "video,audio,label")
        {
            throw new InputException(csvPath, "expected a CSV with the header 'video,audio,label' (flickr_test_plus_silent.csv, vggss_test_plus_silent.csv)");
        }
        if (sounding.Entries.Count == 0)
        {
            throw new InputException(csvPath, "the benchmark has no sounding entries to extend");
        }
        var template = sounding.Entries[0];
        var entries = sounding.Entries.Select((e, i) => e with { Index = i, Name = $"{e.Name}__{e.Name}" }).ToList();
        var names = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
        for (var i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            var where = $"{csvPath} line {i + 1}";
            if (f.Length != 3 || f[0].Length == 0 || f[1].Length == 0)
            {
                throw new InputException(where, "expected video,audio,label");
            }
            if (f[2] != "non-sounding")
            {
                throw new InputException(where, $"label '{f[2]}': only non-sounding pairs are read from this file (the sounding ones come from {Setting.Mention(Setting.Annotations)})");
            }
            var name = $"{f[0]}__{f[1]}";
            if (!names.Add(name))
            {
                throw new InputException(where, $"pair {name} is listed twice");
            }
            // The benchmark's own file layout, with this pair's clip names in place of the template's.
            entries.Add(new BenchmarkEntry
            {
                Index = entries.Count,
                Name = name,
                OfficialName = f[0],
                ImageCandidates = template.ImageCandidates.Select(c => c.Replace(template.Name, f[0], StringComparison.Ordinal)).ToList(),
                AudioCandidates = template.AudioCandidates.Select(c => c.Replace(template.Name, f[1], StringComparison.Ordinal)).ToList(),
                Boxes = [],
            });
        }
        return entries;
    }
}
