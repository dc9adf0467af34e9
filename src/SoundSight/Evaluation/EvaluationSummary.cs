using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.IO;

namespace SoundSight.Evaluation;

/// <summary>
/// The JSON a run (or a merge) writes: {"benchmark", "samples", "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive",
/// "mIoU"} plus "IIoU", "IAUC", "IIoU_adaptive", "IAUC_adaptive" for interactive benchmarks and an "ogl" object
/// when fusion is on, and "seg_mIoU", "F_measure" (<see cref="SegmentationScore"/>) for mask benchmarks; fractions in [0, 1]. A NaN (official rule on 0/0 samples) is written as null.
/// </summary>
public static class EvaluationSummary
{
    public static JsonObject Build(BenchmarkPreset preset, IReadOnlyList<SampleResult> results, DegenerateIouRule rule)
    {
        var sorted = results.OrderBy(r => r.Index).ToList();
        var metrics = LocalizationMetrics.Compute(sorted, rule);
        var json = new JsonObject
        {
            ["benchmark"] = preset.Name,
            ["samples"] = metrics.Samples,
            ["cIoU"] = Value(metrics.CIoU),
            ["AUC"] = Value(metrics.Auc),
            ["cIoU_adaptive"] = Value(metrics.CIoUAdaptive),
            ["AUC_adaptive"] = Value(metrics.AucAdaptive),
            ["mIoU"] = Value(metrics.MeanIou),
        };
        if (preset.Interactive)
        {
            json["IIoU"] = Value(metrics.IIoU);
            json["IAUC"] = Value(metrics.IAuc);
            json["IIoU_adaptive"] = Value(metrics.IIoUAdaptive);
            json["IAUC_adaptive"] = Value(metrics.IAucAdaptive);
        }
        if (sorted.Count > 0 && sorted.All(r => r.Ogl is not null))
        {
            var ogl = LocalizationMetrics.ComputeOgl(sorted, rule);
            json["ogl"] = new JsonObject
            {
                ["alpha"] = Protocol.OfficialProtocol.OglAlpha,
                ["cIoU"] = Value(ogl.CIoU),
                ["AUC"] = Value(ogl.Auc),
                ["cIoU_adaptive"] = Value(ogl.CIoUAdaptive),
                ["AUC_adaptive"] = Value(ogl.AucAdaptive),
                ["mIoU"] = Value(ogl.MeanIou),
            };
        }
        if (sorted.Count > 0 && sorted.All(r => r.Segmentation is not null))
        {
            var (meanIou, fMeasure) = SegmentationScore.Summarise(sorted.Select(r => r.Segmentation!).ToList());
            json["seg_mIoU"] = Value(meanIou);
            json["F_measure"] = Value(fMeasure);
        }
        json["degenerate_samples"] = sorted.Count(r => double.IsNaN(r.Score.Iou));
        json["degenerate_rule"] = rule == DegenerateIouRule.Official ? "official" : "failure";
        return json;
    }

    public static void Write(string path, JsonObject summary) =>
        AtomicFile.WriteAllText(path, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The per-sample CSV written beside a JSON summary: results.json -> results.csv.</summary>
    public static string CsvBeside(string jsonPath) => Path.ChangeExtension(jsonPath, ".csv");

    private static JsonNode? Value(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
