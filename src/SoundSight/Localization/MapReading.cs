namespace SoundSight.Localization;

/// <summary>
/// How a map is read off a model's features (<see cref="LocalizerOptions.CentredMaps"/>,
/// <see cref="LocalizerOptions.FlipAverage"/>); the default is the official cosine map. Names it for reports and for
/// the files that keep each reading's scores apart.
/// </summary>
public readonly record struct MapReading(bool Centred, bool FlipAverage)
{
    /// <summary>The official cosine map.</summary>
    public static MapReading Official => default;

    /// <summary>"plain" (the official map), "centred", "flip" or "centred+flip".</summary>
    public string Name => Centred ? (FlipAverage ? "centred+flip" : "centred") : FlipAverage ? "flip" : "plain";

    /// <summary>A file-name suffix: "" for the official map, else ".centred", ".flip" or ".centred.flip".</summary>
    public string Suffix => (Centred ? ".centred" : "") + (FlipAverage ? ".flip" : "");

    /// <summary>The reading in words after <paramref name="prefix"/>, or nothing for the official map.</summary>
    public string Describe(string prefix = "") =>
        this == Official ? ""
        : prefix + (Centred && FlipAverage ? "scene-centred flip-averaged maps" : Centred ? "scene-centred maps" : "flip-averaged maps");

    /// <summary>The options with this reading.</summary>
    public LocalizerOptions ApplyTo(LocalizerOptions options) => options with { CentredMaps = Centred, FlipAverage = FlipAverage };
}
