using System.Globalization;
using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Data;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Retrieval;

namespace SoundSight.Training;

/// <summary>
/// Scores the model on the validation items (<see cref="ValidationRetrieval"/>: audio->image R@1 is the score),
/// logs the recalls and keeps the best model so far (best.safetensors, best.json in the run folder).
/// </summary>
public sealed class EpochValidation
{
    private readonly TrainingRecipe _recipe;
    private readonly IReadOnlyList<TrainingItem> _items;
    private readonly string _runDirectory;
    private readonly MetricsLog _metrics;

    public EpochValidation(TrainingRecipe recipe, IReadOnlyList<TrainingItem> items, string runDirectory, MetricsLog metrics)
    {
        _recipe = recipe;
        _items = items;
        _runDirectory = runDirectory;
        _metrics = metrics;
    }

    /// <summary>The run's state with the best score and step updated; unchanged when there are fewer than two items to rank.</summary>
    public CheckpointStore.State Score(SoundLocalizationModel model, CheckpointStore.State state, IProgress<TrainingProgress>? progress)
    {
        if (_items.Count < 2)
        {
            return state;
        }
        // The s_A space for the alignment method; the raw space for EZ-VSL, which trains no projection heads.
        var space = _recipe.Method == "ezvsl" ? RetrievalSpace.Raw : RetrievalSpace.Projection;
        var recall = ValidationRetrieval.Measure(model, _items, _recipe.ImageSize, _recipe.AudioWindow, space);
        var primary = recall["audio_to_image_r1"];
        _metrics.Append(new { step = state.Step, epoch = state.Epoch, validation = recall });
        progress?.Report(new TrainingProgress(state.Step, 0, state.Epoch, double.NaN, 0,
            string.Create(CultureInfo.InvariantCulture, $"validation: audio->image R@1 {primary:0.000}, R@5 {recall["audio_to_image_r5"]:0.000}; image->audio R@1 {recall["image_to_audio_r1"]:0.000}")));
        if (primary > state.BestMetric)
        {
            CheckpointWriter.Save(model, Path.Combine(_runDirectory, "best.safetensors"));
            AtomicFile.WriteAllText(Path.Combine(_runDirectory, "best.json"), JsonSerializer.Serialize(new { step = state.Step, epoch = state.Epoch, validation = recall }, TrainingRecipe.Json));
            return state with { BestMetric = primary, BestStep = state.Step };
        }
        return state;
    }
}
