using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Demo;

/// <summary>
/// Where the demo leaves its trained model, so that `localize` without --checkpoint uses it: a safetensors file
/// and, beside it, the input settings it was trained with (a reduced resolution and audio window) and how its maps
/// are read (scene-centred and flip-averaged as the demo read them; absent in older files: the official map).
/// $SOUNDSIGHT_HOME, else ~/.local/share/soundsight.
/// </summary>
public sealed record DefaultModel(string Checkpoint, int ImageSize, double AudioSeconds, string TrainedBy, bool CentredMaps = false, bool FlipAverage = false)
{
    /// <summary>The caller's options with this model's own input settings and map reading: it runs the way it was trained and chosen.</summary>
    public Localization.LocalizerOptions Apply(Localization.LocalizerOptions options) =>
        options with { ImageSize = ImageSize, Window = options.Window.Centred(AudioSeconds), CentredMaps = CentredMaps || options.CentredMaps, FlipAverage = FlipAverage || options.FlipAverage };

    /// <summary>Its settings in a few words, e.g. "112 px, 0.5-s window, scene-centred flip-averaged maps".</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{ImageSize} px, {AudioSeconds}-s window{new Localization.MapReading(CentredMaps, FlipAverage).Describe(", ")}");

    public static string Folder(Func<string, string?> environment)
    {
        if (environment("SOUNDSIGHT_HOME") is { Length: > 0 } home)
        {
            return home;
        }
        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(environment("HOME") ?? ".", ".local", "share");
        return Path.Combine(data, "soundsight");
    }

    public static string SettingsPath(string folder) => Path.Combine(folder, "default-model.json");

    public static DefaultModel? Find(Func<string, string?> environment)
    {
        var path = SettingsPath(Folder(environment));
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var model = JsonSerializer.Deserialize<DefaultModel>(File.ReadAllText(path));
            return model is not null && File.Exists(model.Checkpoint) ? model : null;
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"unreadable default-model settings ({e.Message}); delete it or run the demo again");
        }
    }

    public void Install(string folder, string trainedCheckpoint)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(Checkpoint, File.ReadAllBytes(trainedCheckpoint));
        AtomicFile.WriteAllText(SettingsPath(folder), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
    }
}
