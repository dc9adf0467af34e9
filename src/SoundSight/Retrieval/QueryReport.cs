using System.Globalization;
using System.Net;
using System.Text;
using SkiaSharp;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Rendering;

namespace SoundSight.Retrieval;

/// <summary>
/// The answer to an ad-hoc query as a page a person can look at: index.html with the ranked results, one overlay
/// PNG per result (where the sound is in the picture: the query sound on each retrieved picture, or each retrieved
/// sound on the query picture, drawn by <see cref="HeatmapOverlay"/>) and contact_sheet.png with them in a grid.
/// </summary>
public sealed class QueryReport
{
    private const int Tile = 224;
    private const int Caption = 34;
    private readonly Localizer _localizer;
    private readonly HeatmapOverlay _overlay = new();

    public QueryReport(Localizer localizer)
    {
        _localizer = localizer;
    }

    /// <summary>Writes the page for a sound query ranked against pictures; returns the page's path.</summary>
    public string WriteForSound(string folder, string querySound, IReadOnlyList<RankedItem> pictures, string space)
    {
        var decoder = new ImageDecoder(_localizer.Options.ApplyExifOrientation);
        var clip = AudioLoader.Load(querySound);
        var overlays = pictures.Select(p =>
        {
            var image = decoder.Decode(p.Path);
            return Render(image, _localizer.Localize(image, [clip])[0]);
        }).ToList();
        return Write(folder, querySound, isSound: true, pictures, overlays, space);
    }

    /// <summary>Writes the page for a picture query ranked against sounds; returns the page's path.</summary>
    public string WriteForImage(string folder, string queryImage, IReadOnlyList<RankedItem> sounds, string space)
    {
        var image = new ImageDecoder(_localizer.Options.ApplyExifOrientation).Decode(queryImage);
        var maps = _localizer.Localize(image, sounds.Select(s => AudioLoader.Load(s.Path)).ToList());
        return Write(folder, queryImage, isSound: false, sounds, maps.Select(m => Render(image, m)).ToList(), space);
    }

    private byte[] Render(RgbImage image, PairLocalization map) =>
        _overlay.RenderPng(image.Pixels, image.Width, image.Height, map.EvaluationMap, map.EvaluationSize, map.EvaluationSize);

    private static string Write(string folder, string query, bool isSound, IReadOnlyList<RankedItem> results, IReadOnlyList<byte[]> overlays, string space)
    {
        Directory.CreateDirectory(folder);
        var c = CultureInfo.InvariantCulture;
        for (var i = 0; i < results.Count; i++)
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder, OverlayName(results[i])), overlays[i]);
        }
        AtomicFile.WriteAllBytes(Path.Combine(folder, "contact_sheet.png"), ContactSheet(results, overlays));

        var html = new StringBuilder();
        var kind = isSound ? "pictures for a sound" : "sounds for a picture";
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>SoundSight retrieval: ").Append(Esc(kind)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:left}img{max-width:224px}</style></head><body>");
        html.Append("<h1>").Append(Esc(kind)).Append("</h1><p>Query: <code>").Append(Esc(query)).Append("</code> ");
        html.Append(isSound ? $"<audio controls src=\"{Uri(query)}\"></audio>" : $"<br><img src=\"{Uri(query)}\">");
        html.Append("</p><p>Similarity: cosine in the ").Append(Esc(space)).Append(" space. ")
            .Append(isSound ? "Each picture shows where the query sound is in it." : "Each overlay shows where that sound is in the query picture.")
            .Append("</p><p><img src=\"contact_sheet.png\" style=\"max-width:100%\"></p><table><tr><th>rank</th><th>similarity</th><th>file</th><th>where the sound is</th></tr>");
        foreach (var r in results)
        {
            html.Append("<tr><td>").Append(r.Rank).Append("</td><td>").Append(r.Score.ToString("0.0000", c)).Append("</td><td><code>")
                .Append(Esc(r.Path)).Append("</code>");
            if (!isSound)
            {
                html.Append("<br><audio controls src=\"").Append(Uri(r.Path)).Append("\"></audio>");
            }
            html.Append("</td><td><img src=\"").Append(OverlayName(r)).Append("\"></td></tr>");
        }
        html.Append("</table></body></html>\n");
        var page = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    private static byte[] ContactSheet(IReadOnlyList<RankedItem> results, IReadOnlyList<byte[]> overlays)
    {
        var columns = Math.Max(1, Math.Min(5, results.Count));
        var rows = Math.Max(1, (results.Count + columns - 1) / columns);
        using var surface = SKSurface.Create(new SKImageInfo(columns * Tile, rows * (Tile + Caption), SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = ChartFonts.Typeface();
        using var font = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i < results.Count; i++)
        {
            var x = (i % columns) * Tile;
            var y = (i / columns) * (Tile + Caption);
            using (var picture = SKImage.FromEncodedData(overlays[i]))
            {
                // Fit the overlay into the tile, keeping its aspect ratio.
                var scale = Math.Min((float)Tile / picture.Width, (float)Tile / picture.Height);
                var w = picture.Width * scale;
                var h = picture.Height * scale;
                canvas.DrawImage(picture, SKRect.Create(x + ((Tile - w) / 2), y + ((Tile - h) / 2), w, h), new SKSamplingOptions(SKFilterMode.Linear));
            }
            var r = results[i];
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"#{r.Rank}  {r.Score:0.000}"), x + 4, y + Tile + 14, SKTextAlign.Left, font, ink);
            canvas.DrawText(Shorten(Path.GetFileName(r.Path), 34), x + 4, y + Tile + 29, SKTextAlign.Left, font, ink);
        }
        return PngSnapshot.Encode(surface);
    }

    private static string OverlayName(RankedItem r) => $"rank_{r.Rank:D3}.png";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Uri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
