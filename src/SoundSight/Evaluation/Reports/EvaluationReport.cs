using System.Globalization;
using System.Net;
using System.Text;
using SkiaSharp;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// A self-contained HTML page (index.html with its PNGs beside it) that explains a run: the headline numbers, the
/// success-rate curves (plain, adaptive, interactive), a per-class table, the best and the worst samples with their
/// maps and boxes over the picture, and for interactive benchmarks the pictures with one map per sound side by
/// side. Pictures come from a data root and maps from the predictions folder when given; without them the page
/// keeps the charts and tables.
/// </summary>
public sealed class EvaluationReport
{
    private const int Tile = 224;
    private readonly BenchmarkPreset _preset;
    private readonly DegenerateIouRule _rule;
    private readonly JetColormap _jet = new();

    public EvaluationReport(BenchmarkPreset preset, DegenerateIouRule rule)
    {
        _preset = preset;
        _rule = rule;
    }

    /// <param name="entries">The benchmark's entries (for boxes and files); null draws maps without boxes.</param>
    /// <returns>Path of the page.</returns>
    public string Write(string folder, IReadOnlyList<SampleResult> results, DataRoot? root, string? predictions, IReadOnlyList<BenchmarkEntry>? entries = null, int examples = 6)
    {
        Directory.CreateDirectory(folder);
        var metrics = LocalizationMetrics.Compute(results, _rule);
        var byName = entries?.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(Esc(_preset.Title)).Append(" evaluation</title>")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}figure{display:inline-block;margin:6px;text-align:center;font-size:12px}img{border:1px solid #ddd}.num{font-size:28px;font-weight:bold}</style></head><body>");
        html.Append("<h1>").Append(Esc(_preset.Title)).Append("</h1>");
        html.Append("<p>").Append(metrics.Samples).Append(" samples. A sample succeeds at a threshold t when the IoU of its map (cut at the median, or adaptively at the ground truth's size) with the ground truth is at least t; cIoU is the share at t = 0.5, AUC the area under the curve.</p>");
        html.Append("<table><tr><th>metric</th><th>plain</th><th>adaptive</th></tr>");
        Row(html, "cIoU (%)", metrics.CIoU, metrics.CIoUAdaptive);
        Row(html, "AUC (%)", metrics.Auc, metrics.AucAdaptive);
        if (_preset.Interactive)
        {
            Row(html, "IIoU (%)", metrics.IIoU, metrics.IIoUAdaptive);
            Row(html, "IAUC (%)", metrics.IAuc, metrics.IAucAdaptive);
        }
        html.Append("<tr><td style=\"text-align:left\">mIoU (%)</td><td>").Append(Pct(metrics.MeanIou)).Append("</td><td></td></tr></table>");

        var series = new List<(string, SuccessCurve, SKColor)>
        {
            ("plain", metrics.Curve, new SKColor(31, 119, 180)),
            ("adaptive", metrics.AdaptiveCurve, new SKColor(255, 127, 14)),
        };
        if (_preset.Interactive)
        {
            series.Add(("interactive", metrics.InteractiveCurve, new SKColor(44, 160, 44)));
            series.Add(("interactive adaptive", metrics.InteractiveAdaptiveCurve, new SKColor(214, 39, 40)));
        }
        if (results.All(r => r.Ogl is not null))
        {
            var ogl = LocalizationMetrics.ComputeOgl(results, _rule);
            series.Add(("OGL", ogl.Curve, new SKColor(148, 103, 189)));
        }
        AtomicFile.WriteAllBytes(Path.Combine(folder, "success_curves.png"), SuccessCurveChart.RenderPng(series, "Success rate against IoU threshold"));
        html.Append("<h2>Success-rate curves</h2><img src=\"success_curves.png\" alt=\"success curves\">");

        var classes = results.Where(r => r.Class.Length > 0).GroupBy(r => r.Class, StringComparer.Ordinal).ToList();
        if (classes.Count > 0)
        {
            html.Append("<h2>Per class</h2><table><tr><th style=\"text-align:left\">class</th><th>samples</th><th>cIoU (%)</th><th>AUC (%)</th><th>cIoU adaptive (%)</th><th>mIoU (%)</th></tr>");
            foreach (var g in classes.Select(g => (g.Key, M: LocalizationMetrics.Compute(g.ToList(), _rule))).OrderByDescending(g => g.M.CIoU).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                html.Append(c, $"<tr><td style=\"text-align:left\">{Esc(g.Key)}</td><td>{g.M.Samples}</td><td>{Pct(g.M.CIoU)}</td><td>{Pct(g.M.Auc)}</td><td>{Pct(g.M.CIoUAdaptive)}</td><td>{Pct(g.M.MeanIou)}</td></tr>");
            }
            html.Append("</table>");
        }

        var ranked = results.OrderByDescending(r => double.IsNaN(r.Score.Iou) ? -1 : r.Score.Iou).ThenBy(r => r.Index).ToList();
        Gallery(html, folder, "Best samples", "best", ranked.Take(examples), root, predictions, byName);
        Gallery(html, folder, "Worst samples", "worst", ranked.AsEnumerable().Reverse().Take(examples), root, predictions, byName);
        if (_preset.Interactive)
        {
            html.Append("<h2>One picture, one map per sound</h2>");
            var groups = results.GroupBy(r => r.Group, StringComparer.Ordinal).Where(g => g.Count() > 1).Take(examples).ToList();
            var k = 0;
            foreach (var g in groups)
            {
                html.Append("<div>");
                foreach (var r in g)
                {
                    Figure(html, folder, $"pair{k}_{Safe(r.Name)}.png", r, root, predictions, byName);
                }
                html.Append("</div>");
                k++;
            }
        }
        html.Append("<p style=\"color:#777;font-size:12px\">Written by SoundSight evaluate; 0/0 IoU rule: ").Append(_rule == DegenerateIouRule.Official ? "official (NaN)" : "failure").Append(".</p></body></html>");
        var page = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    private void Gallery(StringBuilder html, string folder, string title, string prefix, IEnumerable<SampleResult> samples, DataRoot? root, string? predictions, Dictionary<string, BenchmarkEntry>? byName)
    {
        html.Append("<h2>").Append(title).Append("</h2><div>");
        var i = 0;
        foreach (var r in samples)
        {
            Figure(html, folder, $"{prefix}{i}_{Safe(r.Name)}.png", r, root, predictions, byName);
            i++;
        }
        html.Append("</div>");
    }

    private void Figure(StringBuilder html, string folder, string file, SampleResult r, DataRoot? root, string? predictions, Dictionary<string, BenchmarkEntry>? byName)
    {
        var entry = byName?.GetValueOrDefault(r.Name);
        var png = RenderSample(r, entry, root, predictions);
        html.Append("<figure>");
        if (png is not null)
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder, file), png);
            html.Append("<img src=\"").Append(file).Append("\" width=\"224\" height=\"224\"><br>");
        }
        html.Append(Esc(r.Name)).Append("<br>IoU ").Append(double.IsNaN(r.Score.Iou) ? "0/0" : r.Score.Iou.ToString("0.000", CultureInfo.InvariantCulture))
            .Append(", adaptive ").Append(double.IsNaN(r.Score.IouAdaptive) ? "0/0" : r.Score.IouAdaptive.ToString("0.000", CultureInfo.InvariantCulture)).Append("</figure>");
    }

    /// <summary>The picture (when found) at 224 x 224, the map in jet at alpha 0.5, ground-truth boxes in white.</summary>
    private byte[]? RenderSample(SampleResult r, BenchmarkEntry? entry, DataRoot? root, string? predictions)
    {
        double[]? map = null;
        if (predictions is not null && File.Exists(Path.Combine(predictions, r.Name + ".npy")))
        {
            var (values, single) = PredictionLoader.LoadMap(Path.Combine(predictions, r.Name + ".npy"), r.Name, _preset);
            map = single ? PredictionMap.NormalizeSingle(values.Select(v => (float)v).ToArray()) : PredictionMap.NormalizeDouble(values);
        }
        var picturePath = entry is not null && root is not null ? root.Find(entry.ImageCandidates) : null;
        if (map is null && picturePath is null)
        {
            return null;
        }
        using var surface = SKSurface.Create(new SKImageInfo(Tile, Tile));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(40, 40, 40));
        if (picturePath is not null)
        {
            var picture = new ImageDecoder().Decode(picturePath);
            using var bitmap = new SKBitmap(new SKImageInfo(picture.Width, picture.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            for (var y = 0; y < picture.Height; y++)
            {
                for (var x = 0; x < picture.Width; x++)
                {
                    var p = ((y * picture.Width) + x) * 3;
                    bitmap.SetPixel(x, y, new SKColor(picture.Pixels[p], picture.Pixels[p + 1], picture.Pixels[p + 2]));
                }
            }
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, new SKRect(0, 0, Tile, Tile), new SKSamplingOptions(SKFilterMode.Linear));
        }
        if (map is not null)
        {
            var (min, max) = (map.Min(), map.Max());
            using var heat = new SKBitmap(new SKImageInfo(Tile, Tile, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            for (var i = 0; i < map.Length; i++)
            {
                var (cr, cg, cb) = _jet.Map(max > min ? (map[i] - min) / (max - min) : 0);
                heat.SetPixel(i % Tile, i / Tile, new SKColor(cr, cg, cb, (byte)(picturePath is null ? 255 : 128)));
            }
            using var heatImage = SKImage.FromBitmap(heat);
            canvas.DrawImage(heatImage, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }
        if (entry is not null)
        {
            using var outline = new SKPaint { Color = SKColors.Black, IsStroke = true, StrokeWidth = 4 };
            using var box = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = 2 };
            foreach (var b in entry.Boxes)
            {
                var rect = new SKRect(b.X1, b.Y1, b.X2, b.Y2);
                canvas.DrawRect(rect, outline);
                canvas.DrawRect(rect, box);
            }
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Row(StringBuilder html, string name, double plain, double adaptive) =>
        html.Append("<tr><td style=\"text-align:left\">").Append(name).Append("</td><td class=\"v\">").Append(Pct(plain)).Append("</td><td>").Append(Pct(adaptive)).Append("</td></tr>");

    private static string Pct(double v) => double.IsNaN(v) ? "NaN" : (v * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string Safe(string s) => new(s.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
