using SoundSight.Localization;
using SoundSight.Methods;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// One evaluation of a benchmark, as <see cref="BenchmarkEvaluation.Evaluate"/> runs it: which entries, where the
/// maps come from (saved maps, or a model run on a data root), OGL, a shard, and the extended set with non-sounding
/// pairs. The rules between these (exactly one map source, OGL's exclusivity, what a shard writes) are checked there.
/// </summary>
public sealed record EvaluationRequest
{
    /// <summary>The benchmark as read from its annotations: every entry (a shard takes its slice of them).</summary>
    public required BenchmarkSet Benchmark { get; init; }

    public BenchmarkPreset Preset => Benchmark.Preset;

    public IReadOnlyList<BenchmarkEntry> Entries => Benchmark.Entries;

    /// <summary>Folder of saved maps (one .npy per entry; with <see cref="SilentPairs"/> the raw maps localize writes).</summary>
    public string? Predictions { get; init; }

    /// <summary>A checkpoint run on the pictures and sounds under <see cref="DataRoot"/> (instead of saved maps).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Where the pictures, sounds and segmentation masks are.</summary>
    public string? DataRoot { get; init; }

    /// <summary>The data root already indexed by the caller (compare shares one across methods); overrides <see cref="DataRoot"/>.</summary>
    public DataRoot? Root { get; init; }

    /// <summary>A model the caller already opened for <see cref="Checkpoint"/> (it keeps it); null: opened and closed here.</summary>
    public IPairLocalizer? Localizer { get; init; }

    /// <summary>The extended set's CSV (flickr_test_plus_silent.csv, ...): AP, max-F1 and precision instead of the localization metrics.</summary>
    public string? SilentPairs { get; init; }

    public ShardSpec Shard { get; init; } = ShardSpec.Whole;

    /// <summary>
    /// Where the metrics go (<see cref="EvaluationOutput.Write"/>); a shard's manifest is named after it and written
    /// by the evaluation (default evaluation/&lt;benchmark&gt;.json).
    /// </summary>
    public string? Json { get; init; }

    /// <summary>Folder of the HTML report <see cref="EvaluationOutput.Write"/> makes (not available with <see cref="SilentPairs"/>).</summary>
    public string? Report { get; init; }

    /// <summary>Saved object saliency maps for OGL (excludes <see cref="Ogl"/>).</summary>
    public string? OglSaliency { get; init; }

    /// <summary>OGL with the object saliency computed here from each picture (excludes <see cref="OglSaliency"/>).</summary>
    public bool Ogl { get; init; }

    /// <summary>With OGL computed here: the authors' torchvision resnet18 .pth instead of the offline ImageNet ResNet-18 (turns OGL on).</summary>
    public string? OglTorchvision { get; init; }

    /// <summary>Score the entries whose files exist (each left-out one noted) instead of stopping.</summary>
    public bool AllowMissing { get; init; }

    public DegenerateIouRule DegenerateRule { get; init; } = DegenerateIouRule.Failure;

    /// <summary>The method by name (<see cref="MethodRegistry.Auto"/>: recognised from the checkpoint; for saved maps, none).</summary>
    public string MethodName { get; init; } = MethodRegistry.Auto;

    /// <summary>
    /// A method the caller already chose (and why), overriding <see cref="MethodName"/>; a null method with a
    /// <see cref="Localizer"/> scores that model's maps under the benchmark's official rules.
    /// </summary>
    public (LocalizationMethod? Method, string Reason)? Method { get; init; }

    public MethodOptions MethodOptions { get; init; } = new();

    /// <summary>How a checkpoint runs (batch, threads, input size, window, device).</summary>
    public ModelRunSettings Model { get; init; } = new();

    /// <summary>Whether OGL is on, computed here (by the offline network or the torchvision one).</summary>
    public bool OglComputed => Ogl || OglTorchvision is not null;
}
