using System.Globalization;
using SkiaSharp;
using SoundSight.Evaluation;

namespace SoundSight.Demo;

/// <summary>A PNG chart of held-out scores (percent) against training minutes.</summary>
public static class QualityCurveChart
{
    private static readonly (string Key, string Label, SKColor Color)[] Metrics =
    [
        ("cIoU", "cIoU", new SKColor(0xD6, 0x27, 0x28)),
        ("cIoU_adaptive", "cIoU adaptive", new SKColor(0xFF, 0x7F, 0x0E)),
        ("IIoU", "IIoU", new SKColor(0x1F, 0x77, 0xB4)),
        ("IIoU_adaptive", "IIoU adaptive", new SKColor(0x2C, 0xA0, 0x2C)),
    ];

    public static byte[] RenderPng(IReadOnlyList<QualityPoint> points, int width = 640, int height = 400)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        const float left = 60, right = 150, top = 40, bottom = 50;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var maxMinutes = Math.Max(1e-6, points.Max(p => p.Minutes));
        using var typeface = SuccessCurveChart.Typeface();
        using var font = new SKFont(typeface, 13);
        using var titleFont = new SKFont(typeface, 16);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1 };
        canvas.DrawText("Held-out scores against training time", left, 24, SKTextAlign.Left, titleFont, text);
        var c = CultureInfo.InvariantCulture;
        for (var i = 0; i <= 5; i++)
        {
            var x = left + (plotW * i / 5f);
            var y = top + plotH - (plotH * i / 5f);
            canvas.DrawLine(x, top, x, top + plotH, grid);
            canvas.DrawLine(left, y, left + plotW, y, grid);
            canvas.DrawText((maxMinutes * i / 5).ToString("0.0", c), x - 9, top + plotH + 18, SKTextAlign.Left, font, text);
            canvas.DrawText($"{i * 20}%", left - 42, y + 4, SKTextAlign.Left, font, text);
        }
        canvas.DrawText("training minutes", left + (plotW / 2) - 50, height - 10, SKTextAlign.Left, font, text);
        var legendY = top + 16;
        foreach (var (key, label, color) in Metrics)
        {
            using var line = new SKPaint { Color = color, StrokeWidth = 2.5f, IsAntialias = true, IsStroke = true };
            using var dot = new SKPaint { Color = color, IsAntialias = true };
            SKPoint At(QualityPoint p) => new(left + (float)(plotW * p.Minutes / maxMinutes), top + plotH - (float)(plotH * (p.Evaluation?[key]?.GetValue<double>() ?? 0)));
            for (var i = 0; i < points.Count; i++)
            {
                if (i > 0)
                {
                    canvas.DrawLine(At(points[i - 1]), At(points[i]), line);
                }
                canvas.DrawCircle(At(points[i]), 3.5f, dot);
            }
            canvas.DrawLine(left + plotW + 12, legendY - 4, left + plotW + 32, legendY - 4, line);
            canvas.DrawText(label, left + plotW + 38, legendY, SKTextAlign.Left, font, text);
            legendY += 18;
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
