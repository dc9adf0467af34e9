using System.Text.Json.Nodes;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Api;

/// <summary>
/// The evaluate job: the official localization metrics (cIoU, AUC, adaptive variants, IIoU/IAUC, mIoU) of saved
/// maps on a benchmark, exactly as <c>./soundsight evaluate --predictions</c> computes them.
/// </summary>
/// <example>
/// <code>
/// var metrics = SoundSightEvaluation.ScorePredictions("is3", "metadata/synthetic3240_bbox.json", "maps/");
/// Console.WriteLine(metrics["cIoU"]);
/// </code>
/// </example>
public static class SoundSightEvaluation
{
    /// <summary>The benchmark names: is3, vggss, flickr, s4, ms3, vposs, vpoms.</summary>
    public static IReadOnlyList<string> Benchmarks => BenchmarkPresets.Names;

    /// <summary>Scores a folder of maps (one .npy per entry, named as <c>localize</c> writes them).</summary>
    /// <param name="benchmark">One of <see cref="Benchmarks"/>.</param>
    /// <param name="annotations">The benchmark's annotation file (e.g. metadata/synthetic3240_bbox.json).</param>
    /// <param name="predictions">Folder of saved maps.</param>
    /// <param name="subset">VGG-SS clip list or Flickr id list, when the benchmark takes one.</param>
    /// <param name="officialDegenerateRule">True: 0/0 IoU is NaN as in the official code; false (default): a failure.</param>
    /// <returns>The summary that <c>evaluate --json</c> writes (metrics in percent, counts, settings).</returns>
    /// <exception cref="IO.InputException">A file is missing or malformed, or a map is missing.</exception>
    public static JsonObject ScorePredictions(string benchmark, string annotations, string predictions, string? subset = null, bool officialDegenerateRule = false)
    {
        var preset = BenchmarkPresets.Get(benchmark);
        var set = BenchmarkReader.Read(preset, annotations, subset);
        var outcome = (LocalizationOutcome)BenchmarkEvaluation.Evaluate(new EvaluationRequest
        {
            Benchmark = set,
            Predictions = predictions,
            DegenerateRule = officialDegenerateRule ? DegenerateIouRule.Official : DegenerateIouRule.Failure,
        });
        return EvaluationSummary.ToJson(outcome.Metrics!);
    }
}
