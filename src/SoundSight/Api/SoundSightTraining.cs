using SoundSight.Training;

namespace SoundSight.Api;

/// <summary>
/// The train job: a recipe (recipes/*.json) trained into a run folder, resumable, as <c>./soundsight train</c>
/// runs it. The run folder holds atomic checkpoints, the log and the loss curves.
/// </summary>
/// <example>
/// <code>
/// var summary = SoundSightTraining.Train("recipes/alignment-cpu-112.json", "runs/mine");
/// Console.WriteLine($"{summary.Steps} steps, best R@1 {summary.BestMetric:0.000}");
/// </code>
/// </example>
public static class SoundSightTraining
{
    /// <summary>Trains (or resumes) the recipe at <paramref name="recipe"/> in <paramref name="runDirectory"/>.</summary>
    /// <param name="recipe">A recipe file (JSON); its keys are documented in docs/training.md.</param>
    /// <param name="runDirectory">Where checkpoints and logs go; an existing run resumes where it stopped.</param>
    /// <param name="progress">Step-by-step progress (loss, pairs per second) and messages.</param>
    /// <param name="cancel">Stops after the current step, saving a checkpoint.</param>
    /// <exception cref="IO.InputException">The recipe or its data is missing or malformed.</exception>
    public static TrainingSummary Train(string recipe, string runDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        new Trainer(TrainingRecipe.Load(recipe), runDirectory).Run(progress, cancel);
}
