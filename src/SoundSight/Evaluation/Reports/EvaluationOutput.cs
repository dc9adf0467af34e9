using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// What a whole run (or a merge) leaves behind once its metrics are shown: the JSON summary with the per-sample CSV
/// beside it, and the HTML report. A run that scored nothing has no metrics to write.
/// </summary>
public static class EvaluationOutput
{
    /// <summary>Stops a run that scored no sample (every entry missing, or an empty benchmark).</summary>
    public static void RequireSamples(BenchmarkPreset preset, IReadOnlyList<SampleResult> results)
    {
        if (results.Count == 0)
        {
            throw new InputException(preset.Name, "no samples to score");
        }
    }

    /// <summary>Writes the metrics to <paramref name="json"/> and the results, in entry order, to the CSV beside it; returns the CSV's path.</summary>
    public static string Write(string json, EvaluationMetrics metrics, IReadOnlyList<SampleResult> results)
    {
        EvaluationSummary.Write(json, metrics);
        var csv = EvaluationSummary.CsvBeside(json);
        SampleResultCsv.Write(csv, results.OrderBy(r => r.Index));
        return csv;
    }

    /// <summary>Writes the HTML report (charts, overlays from <paramref name="root"/>'s pictures or the saved maps) into <paramref name="folder"/>; returns the page.</summary>
    public static string WriteReport(string folder, BenchmarkPreset preset, DegenerateIouRule rule, IReadOnlyList<SampleResult> results, DataRoot? root, string? predictions, IReadOnlyList<BenchmarkEntry>? entries) =>
        new EvaluationReport(preset, rule).Write(folder, results.OrderBy(r => r.Index).ToList(), root, predictions, entries);
}
