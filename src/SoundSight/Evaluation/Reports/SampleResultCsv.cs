using System.Globalization;
using System.Text;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// Per-sample results as CSV, the unit shards write and `merge` reads. Numbers are written in round-trip form, so
/// metrics computed from a read-back file equal those of the run that wrote it, bit for bit. NaN (a 0/0 IoU) is
/// written as "nan". Mask benchmarks add seg_iou and seg_f (the 255 F values, space-separated; empty for an empty
/// mask); files without these columns (written before they existed) are still read.
/// </summary>
public static class SampleResultCsv
{
    public const string Header = BoxHeader + ",seg_iou,seg_f";

    /// <summary>The header before segmentation columns existed.</summary>
    private const string BoxHeader = "index,name,group,class,gt_pixels,iou,iou_adaptive,threshold,adaptive_threshold,ogl_iou,ogl_iou_adaptive";

    public static void Write(string path, IEnumerable<SampleResult> results)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var r in results)
        {
            text.Append(r.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvLine.Quote(r.Name)).Append(',')
                .Append(CsvLine.Quote(r.Group)).Append(',')
                .Append(CsvLine.Quote(r.Class)).Append(',')
                .Append(r.Score.GroundTruthPixels.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(r.Score.Iou)).Append(',')
                .Append(Number(r.Score.IouAdaptive)).Append(',')
                .Append(Number(r.Score.Threshold)).Append(',')
                .Append(Number(r.Score.AdaptiveThreshold)).Append(',')
                .Append(r.Ogl is { } o ? Number(o.Iou) : "").Append(',')
                .Append(r.Ogl is { } p ? Number(p.IouAdaptive) : "").Append(',')
                .Append(r.Segmentation is { } g ? Float32(g.Iou) : "").Append(',')
                .Append(r.Segmentation?.FCurve is { } curve ? string.Join(' ', curve.Select(Float32)) : "").Append('\n');
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
        var fields = lines.Length == 0 ? 0 : lines[0].Trim() == Header ? 13 : lines[0].Trim() == BoxHeader ? 11 : 0;
        if (fields == 0)
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
            if (f.Count != fields)
            {
                throw new InputException(where, $"{f.Count} fields, expected {fields}");
            }
            var score = new SampleScore(Parse(f[5], where), Parse(f[6], where), Parse(f[7], where), Parse(f[8], where), (int)Parse(f[4], where));
            SampleScore? ogl = f[9].Length == 0 ? null : new SampleScore(Parse(f[9], where), Parse(f[10], where), double.NaN, double.NaN, score.GroundTruthPixels);
            var segmentation = fields == 11 || f[11].Length == 0 ? null : new SegmentationScore(ParseFloat32(f[11], where), Curve(f[12], where));
            results.Add(new SampleResult { Index = (int)Parse(f[0], where), Name = f[1], Group = f[2], Class = f[3], Score = score, Ogl = ogl, Segmentation = segmentation });
        }
        return results;
    }

    /// <summary>A float32 value in round-trip form (the segmentation values are float32, as torch computes them).</summary>
    private static string Float32(float v) => float.IsNaN(v) ? "nan" : v.ToString("R", CultureInfo.InvariantCulture);

    private static float[]? Curve(string text, string where)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var values = text.Split(' ').Select(v => ParseFloat32(v, where)).ToArray();
        if (values.Length != SegmentationMetrics.FThresholds)
        {
            throw new InputException(where, $"seg_f holds {values.Length} values, expected {SegmentationMetrics.FThresholds}");
        }
        return values;
    }

    private static float ParseFloat32(string text, string where)
    {
        if (text == "nan")
        {
            return float.NaN;
        }
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new InputException(where, $"'{text}' is not a number");
        }
        return v;
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
}
