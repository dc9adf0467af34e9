using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Methods;
using SoundSight.Models.ImageNet;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// The localization metrics of one benchmark run (<see cref="BenchmarkEvaluation.Evaluate"/> without silent pairs):
/// the method whose rules apply, OGL's saliency (saved, or computed here, not both), saved maps or a model run.
/// </summary>
internal static class LocalizationEvaluation
{
    public static LocalizationOutcome Evaluate(EvaluationRequest request, IEvaluationObserver observer)
    {
        var preset = request.Preset;
        var entries = BenchmarkEvaluation.Slice(request.Entries, request.Shard);
        var root = BenchmarkEvaluation.CheckSource(request, "evaluate", $"give either {Setting.Mention(Setting.Predictions)} DIR or {Setting.Mention(Setting.DataRoot)} DIR {Setting.Mention(Setting.Checkpoint)} CK");
        var (method, reason) = request.Method is { } chosen ? chosen : ChooseMethod(request.MethodName, request.Checkpoint);
        var oglOn = request.OglComputed;
        if (oglOn && request.OglSaliency is not null)
        {
            throw new InputException(Setting.Mention(Setting.Ogl), $"give either {Setting.Mention(Setting.Ogl)} (saliency computed here) or {Setting.Mention(Setting.OglSaliency)} DIR (saved saliency maps), not both");
        }
        if (oglOn && root is null)
        {
            throw new InputException(Setting.Mention(Setting.Ogl), $"needs {Setting.Mention(Setting.DataRoot)} (the pictures whose object saliency is computed)");
        }
        if (request.Checkpoint is not null && method is { HasModel: false })
        {
            throw new InputException(request.Checkpoint, $"{method.Name} has no model: give its maps with {Setting.Mention(Setting.Predictions)}");
        }
        using var network = !oglOn ? null : request.OglTorchvision is { } pth ? ObjectSaliency.FromTorchvision(pth) : ObjectSaliency.FromPackage(request.Model.Threads ?? 0);
        if (network is not null)
        {
            observer.Inform($"OGL saliency network: {network.Source}");
        }
        var run = new EvaluationRun(preset, root)
        {
            SaliencyFolder = request.OglSaliency,
            SaliencyNetwork = network,
            AllowMissing = request.AllowMissing,
            Rules = method?.Rules(preset),
            SavedMapReader = method?.SavedMapReader,
        };
        var scored = request.Predictions is not null ? run.CheckPredictions(entries, request.Predictions) : run.CheckPairs(entries, root!);
        var label = (request.Shard.IsWhole ? preset.Name : $"{preset.Name} {request.Shard}") + (method is null ? "" : $" {method.Name}");
        // A checkpoint that does not fit its method is reported before any progress output.
        IPairLocalizer? localizer = null;
        if (request.Predictions is null && request.Localizer is null)
        {
            var threads = request.Model.ResolveThreads();
            var options = method!.Configure(request.Model.LocalizerOptions(preset, threads), preset);
            localizer = method.Open(request.Checkpoint!, options, request.MethodOptions, out _);
        }
        IReadOnlyList<SampleResult> results;
        using (localizer)
        {
            observer.Started($"evaluate {label}", scored.Count);
            try
            {
                var model = request.Localizer ?? localizer;
                results = model is null
                    ? run.ScorePredictions(scored, request.Predictions!, observer.Advanced)
                    : run.ScoreModel(scored, root!, model, Math.Max(1, request.Model.Batch), observer.Advanced);
            }
            finally
            {
                observer.Finished();
            }
        }
        string? manifest = null;
        if (!request.Shard.IsWhole)
        {
            manifest = BenchmarkEvaluation.ShardManifestPath(request, preset.Name);
            ShardResults.Write(manifest, preset, request.Shard, request.Entries.Count, scored.Count, request.DegenerateRule, results);
        }
        return new LocalizationOutcome
        {
            Preset = preset,
            Shard = request.Shard,
            ShardManifest = manifest,
            TotalEntries = request.Entries.Count,
            Notes = run.Notes,
            Method = method,
            MethodReason = reason,
            Root = root,
            Entries = scored,
            Results = results,
            Metrics = request.Shard.IsWhole ? EvaluationMetrics.Compute(preset, results, request.DegenerateRule) : null,
        };
    }

    /// <summary>
    /// The method of a run: the checkpoint's (given or recognised), or for saved maps the one named (its OGL rules),
    /// or none (the official validate_lvs rules).
    /// </summary>
    public static (LocalizationMethod? Method, string Reason) ChooseMethod(string name, string? checkpoint)
    {
        if (checkpoint is not null)
        {
            return MethodRegistry.Resolve(name, checkpoint);
        }
        return name == MethodRegistry.Auto ? (null, "saved maps") : (MethodRegistry.Get(name), $"given with {Setting.Mention(Setting.Method)}");
    }
}
