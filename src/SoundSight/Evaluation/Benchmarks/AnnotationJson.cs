using System.Text.Json;
using SoundSight.IO;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>Small helpers for reading annotation JSON with errors that name the file and the entry.</summary>
internal static class AnnotationJson
{
    public static JsonElement Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "annotation file not found");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"malformed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {FirstSentence(e.Message)}");
        }
    }

    public static string String(JsonElement item, string key, string where)
    {
        if (!item.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new InputException(where, $"missing or non-text '{key}'");
        }
        return value.GetString()!;
    }

    public static double[] Numbers(JsonElement array, int count, string where, string what)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != count)
        {
            throw new InputException(where, $"'{what}' must be a list of {count} numbers, got {Short(array)}");
        }
        var values = new double[count];
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out values[i]) || !double.IsFinite(values[i]))
            {
                throw new InputException(where, $"'{what}' must be a list of {count} finite numbers, got {Short(array)}");
            }
            i++;
        }
        return values;
    }

    public static void CheckUniqueNames(string path, IReadOnlyList<BenchmarkEntry> entries)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (seen.TryGetValue(e.Name, out var first))
            {
                throw new InputException($"{path} entry {e.Index} ({e.Name})", $"same name as entry {first}: predictions are found by name, so names must be unique");
            }
            seen[e.Name] = e.Index;
        }
    }

    private static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > 60 ? text[..60] + "..." : text;
    }

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot < 0 ? message : message[..(dot + 1)];
    }
}
