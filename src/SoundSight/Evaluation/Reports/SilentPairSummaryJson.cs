using System.Text.Json.Nodes;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>The JSON `evaluate --silent-pairs` (or its merge) writes: the only place a <see cref="SilentPairSummary"/> becomes JSON.</summary>
public static class SilentPairSummaryJson
{
    public static JsonObject ToJson(SilentPairSummary summary)
    {
        var json = new JsonObject
        {
            ["benchmark"] = summary.Benchmark,
            ["extended_set"] = summary.ExtendedSet,
            ["samples"] = summary.Samples,
            ["sounding"] = summary.Sounding,
            ["non_sounding"] = summary.NonSounding,
            ["all"] = Subset(summary.All),
        };
        if (summary.Visible is not null)
        {
            json["visible"] = Subset(summary.Visible);
        }
        return json;
    }

    public static void Write(string path, SilentPairSummary summary) => EvaluationSummary.Write(path, ToJson(summary));

    private static JsonObject Subset(SilentPairSubset s) => new()
    {
        ["AP"] = EvaluationSummary.Value(s.Ap),
        ["max_F1"] = EvaluationSummary.Value(s.MaxF1),
        ["precision"] = EvaluationSummary.Value(s.Precision),
        ["AUC"] = EvaluationSummary.Value(s.Auc),
        ["F1"] = new JsonArray(s.F1.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };
}
