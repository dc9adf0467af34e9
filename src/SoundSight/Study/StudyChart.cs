using SkiaSharp;
using SoundSight.Rendering;

namespace SoundSight.Study;

/// <summary>
/// A PNG bar chart of one set's scores per cell: for each metric a bar at the mean over seeds, a whisker of one
/// standard deviation either side, and every seed's value as a dot (so the spread is seen, not only summarised).
/// </summary>
public static class StudyChart
{
    private static readonly SKColor[] Colors = [new(0xD6, 0x27, 0x28), new(0x1F, 0x77, 0xB4), new(0xFF, 0x7F, 0x0E), new(0x2C, 0xA0, 0x2C)];

    public static byte[] RenderPng(string title, IReadOnlyList<string> metrics, IReadOnlyList<(string Cell, IReadOnlyList<SeedSpread> PerMetric)> cells, int width = 760, int height = 420)
    {
        using var chart = new ChartCanvas(width, height, left: 60, right: 130, top: 40, bottom: 70, labelSize: 12);
        var (left, top, plotW, plotH) = (chart.Left, chart.Top, chart.PlotWidth, chart.PlotHeight);
        var canvas = chart.Canvas;
        using var whisker = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f, IsAntialias = true };
        using var dot = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        chart.Title(title);
        chart.Grid(5, i => $"{i * 20}%", yLabelGap: 40);
        float Y(double v) => top + plotH - (float)(plotH * Math.Clamp(v, 0, 1));
        var groupW = plotW / Math.Max(1, cells.Count);
        var barW = groupW * 0.8f / Math.Max(1, metrics.Count);
        for (var g = 0; g < cells.Count; g++)
        {
            var (cell, perMetric) = cells[g];
            var x0 = left + (g * groupW) + (groupW * 0.1f);
            for (var m = 0; m < metrics.Count; m++)
            {
                var spread = perMetric[m];
                if (spread.Values.Count == 0)
                {
                    continue;
                }
                using var fill = new SKPaint { Color = Colors[m % Colors.Length].WithAlpha(170), IsAntialias = true };
                var x = x0 + (m * barW);
                canvas.DrawRect(new SKRect(x + 2, Y(spread.Mean), x + barW - 2, Y(0)), fill);
                var cx = x + (barW / 2);
                canvas.DrawLine(cx, Y(spread.Mean - spread.StandardDeviation), cx, Y(spread.Mean + spread.StandardDeviation), whisker);
                canvas.DrawLine(cx - 5, Y(spread.Mean + spread.StandardDeviation), cx + 5, Y(spread.Mean + spread.StandardDeviation), whisker);
                canvas.DrawLine(cx - 5, Y(spread.Mean - spread.StandardDeviation), cx + 5, Y(spread.Mean - spread.StandardDeviation), whisker);
                for (var s = 0; s < spread.Values.Count; s++)
                {
                    var offset = spread.Values.Count == 1 ? 0 : ((s / (spread.Values.Count - 1f)) - 0.5f) * barW * 0.5f;
                    canvas.DrawCircle(cx + offset, Y(spread.Values[s]), 3f, dot);
                }
            }
            var label = cell.Length > 22 ? cell[..21] + "…" : cell;
            canvas.Save();
            canvas.Translate(x0 + 4, top + plotH + 14);
            canvas.RotateDegrees(12);
            chart.Text(label, 0, 0);
            canvas.Restore();
        }
        for (var m = 0; m < metrics.Count; m++)
        {
            using var fill = new SKPaint { Color = Colors[m % Colors.Length].WithAlpha(170), IsAntialias = true };
            chart.LegendSwatch(fill, left + plotW + 12, size: 14, gap: 6, metrics[m]);
        }
        chart.Text("bar: mean over seeds; whisker: ±1 s.d.; dots: seeds", left + plotW + 12 - plotW, height - 8);
        return chart.EncodePng();
    }
}
