using System.Globalization;
using System.Text.Json;
using SkiaSharp;
using SoundSight.IO;
using SoundSight.Rendering;

namespace SoundSight.Training;

/// <summary>Draws the training loss (and its running mean) from a run's metrics.jsonl as a PNG.</summary>
public static class LossCurve
{
    public static void Render(string metricsPath, string pngPath, int width = 800, int height = 420)
    {
        var points = new List<(double Step, double Loss)>();
        if (File.Exists(metricsPath))
        {
            foreach (var line in File.ReadAllLines(metricsPath))
            {
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.TryGetProperty("loss", out var loss) && loss.ValueKind == JsonValueKind.Number)
                    {
                        points.Add((doc.RootElement.GetProperty("step").GetDouble(), loss.GetDouble()));
                    }
                }
                catch (JsonException)
                {
                    // A torn last line of a killed run is not part of the curve.
                }
            }
        }
        const float left = 60, right = 20, top = 30, bottom = 40;
        // Skia's default face, as this chart has always drawn (the other charts use ChartFonts' face).
        using var chart = new ChartCanvas(width, height, left, right, top, bottom, labelSize: 14, typeface: SKTypeface.Default);
        var canvas = chart.Canvas;
        chart.Text("training loss", left, 20);
        if (points.Count >= 2)
        {
            var (minS, maxS) = (points.Min(p => p.Step), points.Max(p => p.Step));
            var (minL, maxL) = (points.Min(p => p.Loss), points.Max(p => p.Loss));
            if (maxL - minL < 1e-9)
            {
                maxL = minL + 1;
            }
            float X(double s) => left + (float)((s - minS) / Math.Max(1e-9, maxS - minS) * (width - left - right));
            float Y(double l) => top + (float)((maxL - l) / (maxL - minL) * (height - top - bottom));
            using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, IsStroke = true };
            canvas.DrawLine(left, top, left, height - bottom, axis);
            canvas.DrawLine(left, height - bottom, width - right, height - bottom, axis);
            chart.Text(maxL.ToString("0.00", CultureInfo.InvariantCulture), 5, top + 5);
            chart.Text(minL.ToString("0.00", CultureInfo.InvariantCulture), 5, height - bottom);
            chart.Text($"step {maxS:0}", width - right - 80, height - 10);
            using var raw = new SKPaint { Color = new SKColor(120, 160, 220), StrokeWidth = 1, IsStroke = true, IsAntialias = true };
            using var smooth = new SKPaint { Color = new SKColor(200, 40, 40), StrokeWidth = 2, IsStroke = true, IsAntialias = true };
            var window = Math.Max(1, points.Count / 20);
            var previousMean = points[0].Loss;
            for (var i = 1; i < points.Count; i++)
            {
                var mean = points.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average(p => p.Loss);
                canvas.DrawLine(X(points[i - 1].Step), Y(points[i - 1].Loss), X(points[i].Step), Y(points[i].Loss), raw);
                canvas.DrawLine(X(points[i - 1].Step), Y(previousMean), X(points[i].Step), Y(mean), smooth);
                previousMean = mean;
            }
        }
        AtomicFile.WriteAllBytes(pngPath, chart.EncodePng());
    }
}
