using SkiaSharp;

namespace SoundSight.Evaluation;

/// <summary>A PNG line chart of success curves: IoU threshold (x) against the share of samples that reach it (y).</summary>
public static class SuccessCurveChart
{
    public static byte[] RenderPng(IReadOnlyList<(string Label, SuccessCurve Curve, SKColor Color)> series, string title, int width = 640, int height = 420)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        const float left = 60, right = 20, top = 40, bottom = 50;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        using var typeface = Typeface();
        using var font = new SKFont(typeface, 13);
        using var titleFont = new SKFont(typeface, 16);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1 };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f };
        canvas.DrawText(title, left, 24, SKTextAlign.Left, titleFont, text);
        for (var i = 0; i <= 10; i++)
        {
            var x = left + (plotW * i / 10f);
            var y = top + plotH - (plotH * i / 10f);
            canvas.DrawLine(x, top, x, top + plotH, grid);
            canvas.DrawLine(left, y, left + plotW, y, grid);
            canvas.DrawText((i / 10.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), x - 9, top + plotH + 18, SKTextAlign.Left, font, text);
            canvas.DrawText($"{i * 10}%", left - 42, y + 4, SKTextAlign.Left, font, text);
        }
        canvas.DrawLine(left, top + plotH, left + plotW, top + plotH, axis);
        canvas.DrawLine(left, top, left, top + plotH, axis);
        canvas.DrawText("IoU threshold", left + (plotW / 2) - 40, height - 10, SKTextAlign.Left, font, text);
        var legendY = top + 16;
        (float X, float Y) Point(int i, SuccessCurve c) =>
            (left + (float)(plotW * SuccessCurve.Thresholds[i]), top + plotH - (float)(plotH * (double.IsNaN(c.Shares[i]) ? 0 : c.Shares[i])));
        foreach (var (label, curve, color) in series)
        {
            using var line = new SKPaint { Color = color, StrokeWidth = 2.5f, IsAntialias = true, IsStroke = true };
            for (var i = 1; i < SuccessCurve.Steps; i++)
            {
                canvas.DrawLine(Point(i - 1, curve).X, Point(i - 1, curve).Y, Point(i, curve).X, Point(i, curve).Y, line);
            }
            canvas.DrawLine(left + plotW - 230, legendY - 4, left + plotW - 205, legendY - 4, line);
            canvas.DrawText($"{label} (AUC {curve.Area * 100:0.0})", left + plotW - 200, legendY, SKTextAlign.Left, font, text);
            legendY += 18;
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// A sans-serif face: the font manager's match when it has one, else the first TrueType file under the system
    /// font folders (SkiaSharp's default face draws nothing on machines without a fontconfig-backed manager).
    /// </summary>
    internal static SKTypeface Typeface()
    {
        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
        {
            var match = SKFontManager.Default.MatchFamily(family);
            if (match is not null && match.GlyphCount > 0)
            {
                return match;
            }
        }
        foreach (var folder in new[] { "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", @"C:\Windows\Fonts" })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }
            var file = Directory.EnumerateFiles(folder, "*.ttf", SearchOption.AllDirectories)
                .OrderBy(f => Path.GetFileName(f).StartsWith("DejaVuSans.", StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(f => f, StringComparer.Ordinal)
                .FirstOrDefault();
            if (file is not null && SKTypeface.FromFile(file) is { } face)
            {
                return face;
            }
        }
        return SKTypeface.CreateDefault();
    }
}
