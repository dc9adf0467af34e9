using System.Globalization;
using SkiaSharp;
using SoundSight.Rendering;

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
        using var chart = new ChartCanvas(width, height, left: 60, right: 150, top: 40, bottom: 50, labelSize: 13);
        var (left, top, plotW, plotH) = (chart.Left, chart.Top, chart.PlotWidth, chart.PlotHeight);
        var maxMinutes = Math.Max(1e-6, points.Max(p => p.Minutes));
        chart.Title("Held-out scores against training time");
        var c = CultureInfo.InvariantCulture;
        chart.Grid(5, i => $"{i * 20}%", yLabelGap: 42, xLabel: i => (maxMinutes * i / 5).ToString("0.0", c));
        chart.Text("training minutes", left + (plotW / 2) - 50, height - 10);
        foreach (var (key, label, color) in Metrics)
        {
            using var line = new SKPaint { Color = color, StrokeWidth = 2.5f, IsAntialias = true, IsStroke = true };
            using var dot = new SKPaint { Color = color, IsAntialias = true };
            SKPoint At(QualityPoint p) => new(left + (float)(plotW * p.Minutes / maxMinutes), top + plotH - (float)(plotH * (p.Evaluation?[key]?.GetValue<double>() ?? 0)));
            for (var i = 0; i < points.Count; i++)
            {
                if (i > 0)
                {
                    chart.Canvas.DrawLine(At(points[i - 1]), At(points[i]), line);
                }
                chart.Canvas.DrawCircle(At(points[i]), 3.5f, dot);
            }
            chart.LegendLine(line, left + plotW + 12, length: 20, gap: 6, label);
        }
        return chart.EncodePng();
    }
}
