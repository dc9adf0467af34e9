using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Comparison;

/// <summary>
/// The paper-style table of several methods on one benchmark: one row per method, the official metrics in percent
/// (cIoU, AUC and their adaptive variants; IIoU and IAUC on interactive sets; OGL's cIoU and AUC when scored), as
/// markdown and as JSON (the full summaries, <see cref="EvaluationSummary.ToJson"/>).
/// </summary>
public static class ComparisonTable
{
    /// <summary>The columns: header and the metric (null where a method's metrics lack it).</summary>
    public static IReadOnlyList<(string Header, Func<EvaluationMetrics, double?> Value)> Columns(BenchmarkPreset preset, bool ogl)
    {
        var columns = new List<(string, Func<EvaluationMetrics, double?>)> { ("cIoU", m => m.CIoU), ("AUC", m => m.Auc), ("cIoU adap.", m => m.CIoUAdaptive), ("AUC adap.", m => m.AucAdaptive) };
        if (preset.Interactive)
        {
            columns.AddRange([("IIoU", m => m.Interactive?.IIoU), ("IAUC", m => m.Interactive?.IAuc), ("IIoU adap.", m => m.Interactive?.IIoUAdaptive), ("IAUC adap.", m => m.Interactive?.IAucAdaptive)]);
        }
        if (ogl)
        {
            // The OGL columns appear only when every method has OGL metrics; a missing one reads as undefined.
            columns.AddRange([("OGL cIoU", m => m.Ogl?.CIoU ?? double.NaN), ("OGL AUC", m => m.Ogl?.Auc ?? double.NaN)]);
        }
        return columns;
    }

    /// <summary>A metric in percent with two decimals ("-" when absent, "NaN" when undefined).</summary>
    public static string Percent(double? value) => value switch
    {
        null => "-",
        { } v when double.IsNaN(v) => "NaN",
        { } v => (v * 100).ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string Markdown(BenchmarkPreset preset, IReadOnlyList<ComparedMethod> methods)
    {
        var ogl = methods.All(m => m.Metrics.Ogl is not null);
        var columns = Columns(preset, ogl);
        var md = new StringBuilder();
        md.Append("| method | samples | ").AppendJoin(" | ", columns.Select(c => c.Header)).Append(" |\n");
        md.Append("| --- | --- |").Append(string.Concat(columns.Select(_ => " --- |"))).Append('\n');
        foreach (var m in methods)
        {
            md.Append("| ").Append(m.Title).Append(" | ").Append(m.Metrics.Samples).Append(" | ")
              .AppendJoin(" | ", columns.Select(c => Percent(c.Value(m.Metrics)))).Append(" |\n");
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
            ["metrics"] = EvaluationSummary.ToJson(m.Metrics),
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
