using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Evaluation;
using SoundSight.IO;

namespace SoundSight.Comparison;

/// <summary>
/// The paper-style table of several methods on one benchmark: one row per method, the official metrics in percent
/// (cIoU, AUC and their adaptive variants; IIoU and IAUC on interactive sets; OGL's cIoU and AUC when scored), as
/// markdown and as JSON (the full summaries).
/// </summary>
public static class ComparisonTable
{
    /// <summary>The columns: header and the summary key (ogl. for the OGL block).</summary>
    public static IReadOnlyList<(string Header, string Key)> Columns(BenchmarkPreset preset, bool ogl)
    {
        var columns = new List<(string, string)> { ("cIoU", "cIoU"), ("AUC", "AUC"), ("cIoU adap.", "cIoU_adaptive"), ("AUC adap.", "AUC_adaptive") };
        if (preset.Interactive)
        {
            columns.AddRange([("IIoU", "IIoU"), ("IAUC", "IAUC"), ("IIoU adap.", "IIoU_adaptive"), ("IAUC adap.", "IAUC_adaptive")]);
        }
        if (ogl)
        {
            columns.AddRange([("OGL cIoU", "ogl.cIoU"), ("OGL AUC", "ogl.AUC")]);
        }
        return columns;
    }

    /// <summary>A metric in percent with two decimals ("-" when absent, "NaN" when undefined).</summary>
    public static string Percent(JsonObject summary, string key)
    {
        JsonNode? node = summary;
        foreach (var part in key.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        if (node is null)
        {
            return key.StartsWith("ogl.", StringComparison.Ordinal) || summary.ContainsKey(key) ? "NaN" : "-";
        }
        return (node.GetValue<double>() * 100).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public static string Markdown(BenchmarkPreset preset, IReadOnlyList<ComparedMethod> methods)
    {
        var ogl = methods.All(m => m.Summary["ogl"] is JsonObject);
        var columns = Columns(preset, ogl);
        var md = new StringBuilder();
        md.Append("| method | samples | ").AppendJoin(" | ", columns.Select(c => c.Header)).Append(" |\n");
        md.Append("| --- | --- |").Append(string.Concat(columns.Select(_ => " --- |"))).Append('\n');
        foreach (var m in methods)
        {
            md.Append("| ").Append(m.Title).Append(" | ").Append(m.Summary["samples"]).Append(" | ")
              .AppendJoin(" | ", columns.Select(c => Percent(m.Summary, c.Key))).Append(" |\n");
        }
        return md.ToString();
    }

    public static JsonObject Json(BenchmarkPreset preset, IReadOnlyList<ComparedMethod> methods) => new()
    {
        ["benchmark"] = preset.Name,
        ["title"] = preset.Title,
        ["methods"] = new JsonArray(methods.Select(m => (JsonNode)new JsonObject
        {
            ["label"] = m.Label,
            ["method"] = m.Method,
            ["title"] = m.Title,
            ["source"] = m.Source,
            ["metrics"] = m.Summary.DeepClone(),
        }).ToArray()),
    };

    /// <summary>Writes compare.md and compare.json into <paramref name="folder"/> (atomically).</summary>
    public static (string Markdown, string Json) Write(string folder, BenchmarkPreset preset, IReadOnlyList<ComparedMethod> methods)
    {
        Directory.CreateDirectory(folder);
        var md = Path.Combine(folder, "compare.md");
        var json = Path.Combine(folder, "compare.json");
        AtomicFile.WriteAllBytes(md, Encoding.UTF8.GetBytes($"# {preset.Title}\n\n" + Markdown(preset, methods)));
        AtomicFile.WriteAllBytes(json, Encoding.UTF8.GetBytes(Json(preset, methods).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
        return (md, json);
    }
}
