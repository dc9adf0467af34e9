using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// The JSON a run (or a merge) writes: {"benchmark", "samples", "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive",
/// "mIoU"} plus "IIoU", "IAUC", "IIoU_adaptive", "IAUC_adaptive" for interactive benchmarks and an "ogl" object
/// when fusion is on, and "seg_mIoU", "F_measure" (<see cref="SegmentationScore"/>) for mask benchmarks; fractions in [0, 1]. A NaN (official rule on 0/0 samples) is written as null.
/// This is the only place <see cref="EvaluationMetrics"/> become JSON: the keys and their order are the file format.
/// </summary>
public static class EvaluationSummary
{
    public static JsonObject ToJson(EvaluationMetrics metrics)
    {
        var json = new JsonObject
        {
            ["benchmark"] = metrics.Benchmark,
            ["samples"] = metrics.Samples,
            ["cIoU"] = Value(metrics.CIoU),
            ["AUC"] = Value(metrics.Auc),
            ["cIoU_adaptive"] = Value(metrics.CIoUAdaptive),
            ["AUC_adaptive"] = Value(metrics.AucAdaptive),
            ["mIoU"] = Value(metrics.MeanIou),
        };
        if (metrics.Interactive is { } interactive)
        {
            json["IIoU"] = Value(interactive.IIoU);
            json["IAUC"] = Value(interactive.IAuc);
            json["IIoU_adaptive"] = Value(interactive.IIoUAdaptive);
            json["IAUC_adaptive"] = Value(interactive.IAucAdaptive);
        }
        if (metrics.Ogl is { } ogl)
        {
            json["ogl"] = new JsonObject
            {
                ["alpha"] = ogl.Alpha,
                ["cIoU"] = Value(ogl.CIoU),
                ["AUC"] = Value(ogl.Auc),
                ["cIoU_adaptive"] = Value(ogl.CIoUAdaptive),
                ["AUC_adaptive"] = Value(ogl.AucAdaptive),
                ["mIoU"] = Value(ogl.MeanIou),
            };
        }
        if (metrics.Segmentation is { } segmentation)
        {
            json["seg_mIoU"] = Value(segmentation.MeanIou);
            json["F_measure"] = Value(segmentation.FMeasure);
        }
        json["degenerate_samples"] = metrics.DegenerateSamples;
        json["degenerate_rule"] = RuleName(metrics.DegenerateRule);
        return json;
    }

    /// <summary>Writes the metrics as <see cref="ToJson"/> gives them.</summary>
    public static void Write(string path, EvaluationMetrics metrics) => Write(path, ToJson(metrics));

    public static void Write(string path, JsonObject summary) =>
        AtomicFile.WriteAllText(path, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The per-sample CSV written beside a JSON summary: results.json -> results.csv.</summary>
    public static string CsvBeside(string jsonPath) => Path.ChangeExtension(jsonPath, ".csv");

    /// <summary>The rule as the summaries and shard manifests name it.</summary>
    public static string RuleName(DegenerateIouRule rule) => rule == DegenerateIouRule.Official ? "official" : "failure";

    /// <summary>A fraction as JSON: null for NaN (JSON has no NaN).</summary>
    public static JsonNode? Value(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
