
namespace SoundSight.Maps;

/// <summary>
/// Matplotlib's 'jet' colormap as a 256-entry lookup table, built from its segment data the way matplotlib's
/// LinearSegmentedColormap does, so overlays look like the authors' utils.overlay figures.
/// </summary>
public sealed class JetColormap
{
    private const int Size = 256;

    private static readonly (double X, double Y)[] Red = [(0, 0), (0.35, 0), (0.66, 1), (0.89, 1), (1, 0.5)];
    private static readonly (double X, double Y)[] Green = [(0, 0), (0.125, 0), (0.375, 1), (0.64, 1), (0.91, 0), (1, 0)];
    private static readonly (double X, double Y)[] Blue = [(0, 0.5), (0.11, 1), (0.34, 1), (0.65, 0), (1, 0)];

    private readonly byte[] _table = new byte[Size * 3];

    public JetColormap()
    {
        for (var i = 0; i < Size; i++)
        {
            var x = i / (double)(Size - 1);
            _table[(i * 3) + 0] = ToByte(Interpolate(Red, x));
            _table[(i * 3) + 1] = ToByte(Interpolate(Green, x));
            _table[(i * 3) + 2] = ToByte(Interpolate(Blue, x));
        }
    }

    /// <summary>Colour of a value in [0, 1] (clamped), as matplotlib's colormap(value, bytes=True).</summary>
    public (byte R, byte G, byte B) Map(double value)
    {
        var index = double.IsNaN(value) ? 0 : (int)Math.Clamp(value * Size, 0, Size - 1);
        return (_table[index * 3], _table[(index * 3) + 1], _table[(index * 3) + 2]);
    }

    private static double Interpolate((double X, double Y)[] segments, double x)
    {
        for (var s = 1; s < segments.Length; s++)
        {
            if (x <= segments[s].X)
            {
                var (x0, y0) = segments[s - 1];
                var (x1, y1) = segments[s];
                return x1 == x0 ? y1 : y0 + ((x - x0) / (x1 - x0) * (y1 - y0));
            }
        }
        return segments[^1].Y;
    }

    // matplotlib converts with (lut * 255).astype(uint8): truncation, not rounding.
    private static byte ToByte(double v) => (byte)Math.Clamp((int)(v * 255), 0, 255);
}
