using System.Globalization;
using System.Text;
using SoundSight.IO;

namespace SoundSight.Evaluation;

/// <summary>
/// Per-sample results as CSV, the unit shards write and `merge` reads. Numbers are written in round-trip form, so
/// metrics computed from a read-back file equal those of the run that wrote it, bit for bit. NaN (a 0/0 IoU) is
/// written as "nan".
/// </summary>
public static class SampleResultCsv
{
    public const string Header = "index,name,group,class,gt_pixels,iou,iou_adaptive,threshold,adaptive_threshold,ogl_iou,ogl_iou_adaptive";

    public static void Write(string path, IEnumerable<SampleResult> results)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var r in results)
        {
            text.Append(r.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(r.Name)).Append(',')
                .Append(Quote(r.Group)).Append(',')
                .Append(Quote(r.Class)).Append(',')
                .Append(r.Score.GroundTruthPixels.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(r.Score.Iou)).Append(',')
                .Append(Number(r.Score.IouAdaptive)).Append(',')
                .Append(Number(r.Score.Threshold)).Append(',')
                .Append(Number(r.Score.AdaptiveThreshold)).Append(',')
                .Append(r.Ogl is { } o ? Number(o.Iou) : "").Append(',')
                .Append(r.Ogl is { } p ? Number(p.IouAdaptive) : "").Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static List<SampleResult> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "results file not found");
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new InputException(path, $"not a SoundSight per-sample results file (first line must be '{Header}')");
        }
        var results = new List<SampleResult>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var where = $"{path} line {i + 1}";
            var f = CsvLine.Split(lines[i]);
            if (f.Count != 11)
            {
                throw new InputException(where, $"{f.Count} fields, expected 11");
            }
            var score = new SampleScore(Parse(f[5], where), Parse(f[6], where), Parse(f[7], where), Parse(f[8], where), (int)Parse(f[4], where));
            SampleScore? ogl = f[9].Length == 0 ? null : new SampleScore(Parse(f[9], where), Parse(f[10], where), double.NaN, double.NaN, score.GroundTruthPixels);
            results.Add(new SampleResult { Index = (int)Parse(f[0], where), Name = f[1], Group = f[2], Class = f[3], Score = score, Ogl = ogl });
        }
        return results;
    }

    private static string Number(double v) => double.IsNaN(v) ? "nan" : v.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string text, string where)
    {
        if (text == "nan")
        {
            return double.NaN;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new InputException(where, $"'{text}' is not a number");
        }
        return v;
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
