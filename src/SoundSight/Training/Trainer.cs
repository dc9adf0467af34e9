using SoundSight.Checkpoints;
using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>
/// Runs a recipe: the authors' alignment method (or EZ-VSL) with Adam, an input pipeline that builds the next
/// batch while the model trains on the current one, checkpoints that survive any kill, validation retrieval each
/// epoch with the best model kept, and a metrics log. A resumed run continues exactly where the checkpoint stood:
/// model, optimiser, data order and augmentation draws are all restored or re-derived from the seed.
/// The parts: <see cref="TrainingData"/> (items, split, neighbours, batches), <see cref="TrainableModel"/>
/// (initialisation, freezing, resume), <see cref="TrainingLoop"/> (steps, checkpoints, progress) and
/// <see cref="EpochValidation"/> (retrieval on the validation items, best model).
/// </summary>
public sealed class Trainer
{
    private readonly TrainingRecipe _recipe;
    private readonly string _runDirectory;

    public Trainer(TrainingRecipe recipe, string runDirectory)
    {
        recipe.Validate();
        _recipe = recipe;
        _runDirectory = runDirectory;
    }

    public TrainingSummary Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(_runDirectory);
        var metrics = new MetricsLog(Path.Combine(_runDirectory, "metrics.jsonl"));

        var data = TrainingData.Load(_recipe);
        if (data.Neighbours is { } neighbours)
        {
            // Logged once as step 0, a resumed run included.
            if (!metrics.HasRecordOf("neighbours"))
            {
                metrics.Append(new { step = 0, neighbours = new { mining = neighbours.Mining, quality = neighbours.Quality } });
            }
            progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, $"neighbours ({neighbours.Mining} mining, top {_recipe.NeighbourTopK}): {neighbours.Quality.Describe()}"));
        }

        using var trainable = TrainableModel.Create(_recipe, progress);
        var store = new CheckpointStore(Path.Combine(_runDirectory, "checkpoints"), _recipe.KeepLast);
        var state = new CheckpointStore.State(0, 0, 0, double.NegativeInfinity, -1, 0);
        if (store.Latest() is { } latest)
        {
            state = latest.State;
            trainable.Restore(latest.Tensors, state.Step, store.Directory);
            metrics.TruncateAfter(state.Step);
            progress?.Report(new TrainingProgress(state.Step, 0, state.Epoch, double.NaN, 0, $"resumed at step {state.Step} (epoch {state.Epoch + 1}, batch {state.NextBatch})", Resumed: true));
        }

        // Written once the data and any checkpoint to resume from have been read: a run that fails on bad input
        // leaves the folder as it was.
        AtomicFile.WriteAllText(Path.Combine(_runDirectory, "recipe.json"), _recipe.ToJson());

        var validation = new EpochValidation(_recipe, data.Validation, _runDirectory, metrics);
        var end = new TrainingLoop(_recipe, data.Batches, trainable, store, metrics, validation).Run(state, progress, cancel);
        state = end.State;
        if (!end.Cancelled && !double.IsFinite(state.BestMetric))
        {
            // No epoch finished (a short run): score the final model once so the run still has a best model.
            var scored = state;
            state = trainable.HandedOn(() => validation.Score(trainable.Model, scored, progress));
        }
        trainable.HandedOn(() =>
        {
            CheckpointWriter.Save(trainable.Model, Path.Combine(_runDirectory, "last.safetensors"));
            return true;
        });
        LossCurve.Render(metrics.Path, Path.Combine(_runDirectory, "loss.png"));
        return new TrainingSummary(state.Step, state.Epoch, end.LastLoss, state.BestMetric, state.BestStep, _runDirectory, end.Cancelled, state.SkippedItems, data.UnreadableDropped, data.Neighbours?.Quality);
    }
}
