using SkiaSharp;

namespace SoundSight.Rendering;

/// <summary>The face every chart and picture label draws with, found the same way on every machine.</summary>
public static class ChartFonts
{
    /// <summary>
    /// A sans-serif face: the font manager's match when it has one, else the first TrueType file under the system
    /// font folders (SkiaSharp's default face draws nothing on machines without a fontconfig-backed manager).
    /// The caller disposes it.
    /// </summary>
    public static SKTypeface Typeface()
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
