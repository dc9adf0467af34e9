using System.Globalization;
using System.Text;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// The per-pair scores of an extended set as CSV (index, name, boxes, ciou, confidence), what a `--silent-pairs`
/// shard writes and `merge` reads. Numbers are in round-trip form, so AP, max-F1 and precision computed from the
/// read-back rows equal those of one run, bit for bit.
/// </summary>
public static class SilentPairScoreCsv
{
    public const string Header = "index,name,boxes,ciou,confidence";

    public static void Write(string path, IEnumerable<(BenchmarkEntry Entry, SilentPairScore Score)> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder().Append(Header).Append('\n');
        foreach (var (entry, score) in rows)
        {
            text.Append(entry.Index.ToString(c)).Append(',').Append(CsvLine.Quote(entry.Name)).Append(',').Append(score.Boxes.ToString(c)).Append(',')
                .Append(score.Ciou.ToString("R", c)).Append(',').Append(score.Confidence.ToString("R", c)).Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static List<(int Index, string Name, SilentPairScore Score)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "scores file not found");
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new InputException(path, $"not a SoundSight extended-set scores file (first line must be '{Header}')");
        }
        var rows = new List<(int, string, SilentPairScore)>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var where = $"{path} line {i + 1}";
            var f = CsvLine.Split(lines[i]);
            if (f.Count != 5)
            {
                throw new InputException(where, $"{f.Count} fields, expected 5");
            }
            if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var boxes)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var ciou)
                || !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence))
            {
                throw new InputException(where, "expected index,name,boxes,ciou,confidence with numbers");
            }
            rows.Add((index, f[1], new SilentPairScore(boxes, ciou, confidence)));
        }
        return rows;
    }
}
