namespace SoundSight.Localization;

/// <summary>
/// How a map is read off a model's features (<see cref="LocalizerOptions.CentredMaps"/>,
/// <see cref="LocalizerOptions.FlipAverage"/>), in words for reports and as the name under which scores are kept.
/// </summary>
public static class MapReading
{
    /// <summary>"plain" (the official map), "centred", "flip" or "centred+flip".</summary>
    public static string Name(bool centred, bool flipAverage) =>
        centred ? (flipAverage ? "centred+flip" : "centred") : flipAverage ? "flip" : "plain";

    /// <summary>The reading in words after <paramref name="prefix"/>, or nothing for the official map.</summary>
    public static string Describe(bool centred, bool flipAverage, string prefix = "") =>
        !centred && !flipAverage ? ""
        : prefix + (centred && flipAverage ? "scene-centred flip-averaged maps" : centred ? "scene-centred maps" : "flip-averaged maps");

    /// <summary>A file-name suffix that keeps each reading's scores apart: "" for the official map, else ".centred", ".flip", ".centred.flip".</summary>
    public static string Suffix(bool centred, bool flipAverage) => (centred ? ".centred" : "") + (flipAverage ? ".flip" : "");
}
