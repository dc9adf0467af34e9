using SkiaSharp;

namespace SoundSight.Rendering;

/// <summary>
/// The scaffold every chart draws on: a white canvas with a plot area inside the margins, the shared face at the
/// label size and at the title size (16), black text, light grey grid lines, a legend column and PNG output. Each
/// chart keeps only its own marks; the helpers draw in the order the charts always drew, so their PNGs are unchanged.
/// </summary>
public sealed class ChartCanvas : IDisposable
{
    private const float TitleSize = 16;
    private const float LegendStep = 18;

    private readonly SKSurface _surface;
    private readonly SKTypeface _typeface;
    private readonly bool _ownsTypeface;
    private float _legendY;

    /// <param name="labelSize">The size of tick labels, axis names and legend entries.</param>
    /// <param name="typeface">
    /// A face the caller owns, for a chart that has always drawn with another one (its PNGs stay as they were);
    /// null for <see cref="ChartFonts.Typeface"/>.
    /// </param>
    public ChartCanvas(int width, int height, float left, float right, float top, float bottom, float labelSize, SKTypeface? typeface = null)
    {
        _surface = SKSurface.Create(new SKImageInfo(width, height));
        Canvas = _surface.Canvas;
        Canvas.Clear(SKColors.White);
        Width = width;
        Height = height;
        Left = left;
        Top = top;
        PlotWidth = width - left - right;
        PlotHeight = height - top - bottom;
        _ownsTypeface = typeface is null;
        _typeface = typeface ?? ChartFonts.Typeface();
        Font = new SKFont(_typeface, labelSize);
        TitleFont = new SKFont(_typeface, TitleSize);
        _legendY = top + 16;
    }

    public SKCanvas Canvas { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The plot area's left edge.</summary>
    public float Left { get; }

    /// <summary>The plot area's top edge.</summary>
    public float Top { get; }

    public float PlotWidth { get; }

    public float PlotHeight { get; }

    /// <summary>The plot area's bottom edge (the x axis).</summary>
    public float Bottom => Top + PlotHeight;

    public SKFont Font { get; }

    public SKFont TitleFont { get; }

    /// <summary>Black, antialiased: every label.</summary>
    public SKPaint Ink { get; } = new() { Color = SKColors.Black, IsAntialias = true };

    public SKPaint GridPaint { get; } = new() { Color = new SKColor(225, 225, 225), StrokeWidth = 1 };

    /// <summary>The title, above the plot area at its left edge.</summary>
    public void Title(string title) => Canvas.DrawText(title, Left, 24, SKTextAlign.Left, TitleFont, Ink);

    /// <summary>A label in the label font, left-aligned with its baseline at (x, y).</summary>
    public void Text(string text, float x, float y) => Canvas.DrawText(text, x, y, SKTextAlign.Left, Font, Ink);

    /// <summary>
    /// <paramref name="steps"/> + 1 evenly spaced horizontal grid lines with their y labels
    /// (<paramref name="yLabelGap"/> left of the plot); with <paramref name="xLabel"/>, vertical lines with x labels
    /// under the plot too.
    /// </summary>
    public void Grid(int steps, Func<int, string> yLabel, float yLabelGap, Func<int, string>? xLabel = null)
    {
        for (var i = 0; i <= steps; i++)
        {
            var x = Left + (PlotWidth * i / steps);
            var y = Top + PlotHeight - (PlotHeight * i / steps);
            if (xLabel is not null)
            {
                Canvas.DrawLine(x, Top, x, Top + PlotHeight, GridPaint);
            }
            Canvas.DrawLine(Left, y, Left + PlotWidth, y, GridPaint);
            if (xLabel is not null)
            {
                Text(xLabel(i), x - 9, Top + PlotHeight + 18);
            }
            Text(yLabel(i), Left - yLabelGap, y + 4);
        }
    }

    /// <summary>The x and y axes along the plot area's bottom and left edges.</summary>
    public void Axes(SKPaint paint)
    {
        Canvas.DrawLine(Left, Top + PlotHeight, Left + PlotWidth, Top + PlotHeight, paint);
        Canvas.DrawLine(Left, Top, Left, Top + PlotHeight, paint);
    }

    /// <summary>The next legend entry: a short line in the series' paint at x, its label <paramref name="gap"/> after it.</summary>
    public void LegendLine(SKPaint line, float x, float length, float gap, string label)
    {
        Canvas.DrawLine(x, _legendY - 4, x + length, _legendY - 4, line);
        Text(label, x + length + gap, _legendY);
        _legendY += LegendStep;
    }

    /// <summary>The next legend entry: a filled square of <paramref name="size"/> at x, its label <paramref name="gap"/> after it.</summary>
    public void LegendSwatch(SKPaint fill, float x, float size, float gap, string label)
    {
        Canvas.DrawRect(new SKRect(x, _legendY - 10, x + size, _legendY + 2), fill);
        Text(label, x + size + gap, _legendY);
        _legendY += LegendStep;
    }

    public byte[] EncodePng() => PngSnapshot.Encode(_surface);

    public void Dispose()
    {
        GridPaint.Dispose();
        Ink.Dispose();
        TitleFont.Dispose();
        Font.Dispose();
        if (_ownsTypeface)
        {
            _typeface.Dispose();
        }
        _surface.Dispose();
    }
}
