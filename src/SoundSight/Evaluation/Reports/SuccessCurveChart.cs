using System.Globalization;
using SkiaSharp;
using SoundSight.Rendering;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>A PNG line chart of success curves: IoU threshold (x) against the share of samples that reach it (y).</summary>
public static class SuccessCurveChart
{
    public static byte[] RenderPng(IReadOnlyList<(string Label, SuccessCurve Curve, SKColor Color)> series, string title, int width = 640, int height = 420)
    {
        using var chart = new ChartCanvas(width, height, left: 60, right: 20, top: 40, bottom: 50, labelSize: 13);
        var (left, top, plotW, plotH) = (chart.Left, chart.Top, chart.PlotWidth, chart.PlotHeight);
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f };
        chart.Title(title);
        chart.Grid(10, i => $"{i * 10}%", yLabelGap: 42, xLabel: i => (i / 10.0).ToString("0.0", CultureInfo.InvariantCulture));
        chart.Axes(axis);
        chart.Text("IoU threshold", left + (plotW / 2) - 40, height - 10);
        (float X, float Y) Point(int i, SuccessCurve c) =>
            (left + (float)(plotW * SuccessCurve.Thresholds[i]), top + plotH - (float)(plotH * (double.IsNaN(c.Shares[i]) ? 0 : c.Shares[i])));
        foreach (var (label, curve, color) in series)
        {
            using var line = new SKPaint { Color = color, StrokeWidth = 2.5f, IsAntialias = true, IsStroke = true };
            for (var i = 1; i < SuccessCurve.Steps; i++)
            {
                chart.Canvas.DrawLine(Point(i - 1, curve).X, Point(i - 1, curve).Y, Point(i, curve).X, Point(i, curve).Y, line);
            }
            chart.LegendLine(line, left + plotW - 230, length: 25, gap: 5, $"{label} (AUC {curve.Area * 100:0.0})");
        }
        return chart.EncodePng();
    }
}
