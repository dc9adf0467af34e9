using System.Net;
using System.Text;
using SoundSight.Evaluation;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Comparison;

/// <summary>
/// The comparison as a self-contained HTML page (index.html, PNGs beside it): the table, then the same pictures
/// with every method's map over them; on an interactive benchmark the sounds of one picture side by side.
/// </summary>
public sealed class ComparisonPage
{
    private readonly HeatmapOverlay _overlay = new();

    /// <summary>One picture of the gallery: its sounds (entry names) and, per method label, one evaluation map per sound.</summary>
    public sealed record Picture(string Name, RgbImage Image, IReadOnlyList<string> Sounds, IReadOnlyDictionary<string, IReadOnlyList<float[]>> Maps);

    /// <returns>The page's path.</returns>
    public string Write(string folder, BenchmarkPreset preset, IReadOnlyList<ComparedMethod> methods, IReadOnlyList<Picture> gallery)
    {
        Directory.CreateDirectory(folder);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(Esc(preset.Title)).Append(" comparison</title>")
            .Append("<style>body{font-family:sans-serif;max-width:1300px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}img{border:1px solid #ddd;width:180px}figure{display:inline-block;margin:4px;text-align:center;font-size:12px}</style></head><body>");
        html.Append("<h1>").Append(Esc(preset.Title)).Append(": methods compared</h1>");
        html.Append("<p>Each method run as the authors' test.py runs it (its model, front ends, map rule, upsampling and normalisation); metrics in percent, official protocol.</p>");
        var ogl = methods.All(m => m.Metrics.Ogl is not null);
        var columns = ComparisonTable.Columns(preset, ogl);
        html.Append("<table><tr><th>method</th><th>samples</th>");
        foreach (var c in columns)
        {
            html.Append("<th>").Append(Esc(c.Header)).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var m in methods)
        {
            html.Append("<tr><td class=\"l\">").Append(Esc(m.Title)).Append("<br><small>").Append(Esc(Path.GetFileName(m.Source))).Append("</small></td><td>").Append(m.Metrics.Samples).Append("</td>");
            foreach (var c in columns)
            {
                html.Append("<td>").Append(ComparisonTable.Percent(c.Value(m.Metrics))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (gallery.Count > 0)
        {
            html.Append("<h2>The same pictures, every method's map</h2>");
            html.Append(preset.Interactive ? "<p>One picture, one map per sound, side by side: a method that localizes interactively moves its map with the sound.</p>" : "");
        }
        var index = 0;
        foreach (var picture in gallery)
        {
            html.Append("<h3>").Append(Esc(picture.Name)).Append("</h3><table><tr><th>method</th>");
            foreach (var sound in picture.Sounds)
            {
                html.Append("<th>").Append(Esc(sound)).Append("</th>");
            }
            html.Append("</tr>");
            foreach (var m in methods)
            {
                if (!picture.Maps.TryGetValue(m.Label, out var maps))
                {
                    continue;
                }
                html.Append("<tr><td class=\"l\">").Append(Esc(m.Title)).Append("</td>");
                for (var k = 0; k < maps.Count; k++)
                {
                    var file = $"map_{index++:D4}.png";
                    var png = _overlay.RenderPng(picture.Image.Pixels, picture.Image.Width, picture.Image.Height, Display(maps[k]), BenchmarkPresets.MapSize, BenchmarkPresets.MapSize);
                    AtomicFile.WriteAllBytes(Path.Combine(folder, file), png);
                    html.Append("<td><img src=\"").Append(file).Append("\" alt=\"").Append(Esc($"{m.Label} {picture.Sounds[k]}")).Append("\"></td>");
                }
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        html.Append("</body></html>\n");
        var page = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    /// <summary>Maps are drawn in [0, 1]: a method's evaluation map min-max normalised (they differ only in scale).</summary>
    private static float[] Display(float[] map) => MapNormalization.Plain(map);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
