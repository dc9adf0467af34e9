using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.IO;

namespace SoundSight.Localization;

/// <summary>
/// Measured backend choices kept per user (one JSON file, a choice per <see cref="BackendChoiceKey"/>), so that the
/// timing runs once per machine, build, model shape and batch. The file is rewritten atomically; an unreadable or
/// malformed file, or a malformed entry, counts as absent (the choice is measured again and the file rewritten),
/// and a cache that cannot be written leaves the choice unsaved, never the run failed.
/// </summary>
public sealed class BackendChoiceCache
{
    private const int FormatVersion = 1;

    public BackendChoiceCache(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>$XDG_CACHE_HOME/soundsight/backend-choices.json, else ~/.cache/soundsight/backend-choices.json.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : System.IO.Path.Combine(environment("HOME") ?? ".", ".cache");
        return System.IO.Path.Combine(cache, "soundsight", "backend-choices.json");
    }

    /// <summary>The cached choice for <paramref name="key"/>, or null (none, or the file or entry is unreadable).</summary>
    public BackendChoice? Find(BackendChoiceKey key)
    {
        if (ReadEntries()?[key.ToString()] is not JsonObject entry)
        {
            return null;
        }
        try
        {
            var medians = new Dictionary<InferenceBackend, double>();
            foreach (var (name, value) in entry["median_ms"]!.AsObject())
            {
                var backend = BackendChoice.Parse(name) ?? throw new FormatException(name);
                var ms = value!.GetValue<double>();
                if (!double.IsFinite(ms) || ms <= 0)
                {
                    throw new FormatException(name);
                }
                medians[backend] = ms;
            }
            return medians.Count == 0 ? null : BackendChoice.Fastest(medians, BackendChoiceSource.Cached, key.Batch);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Adds (or replaces) the choice for <paramref name="key"/>; false when the file could not be written.</summary>
    public bool Store(BackendChoiceKey key, BackendChoice choice)
    {
        var entries = ReadEntries() ?? [];
        var medians = new JsonObject();
        foreach (var (backend, ms) in choice.MedianMilliseconds.OrderBy(m => m.Key))
        {
            medians[BackendChoice.Name(backend)] = ms;
        }
        entries[key.ToString()] = new JsonObject
        {
            ["backend"] = BackendChoice.Name(choice.Backend),
            ["median_ms"] = medians,
            ["measured_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        var document = new JsonObject { ["format"] = FormatVersion, ["choices"] = entries };
        try
        {
            AtomicFile.WriteAllText(Path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The file's choices (detached, so they can be edited), or null when it is absent or unreadable.</summary>
    private JsonObject? ReadEntries()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return null;
            }
            var root = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject;
            if (root?["format"] is not JsonValue format || !format.TryGetValue<int>(out var version) || version != FormatVersion || root["choices"] is not JsonObject choices)
            {
                return null;
            }
            root.Remove("choices");
            return choices;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
