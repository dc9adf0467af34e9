using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>The training step of both methods.</summary>
public static class TrainingStep
{
    /// <summary>One optimiser step on a batch (train mode, every view through both towers, loss, backward, Adam).</summary>
    public static double Run(SoundLocalizationModel model, AdamOptimizer adam, ContrastiveObjective objective, string method, DeviceBatch batch, bool freezeVision = false)
    {
        using var scope = NewDisposeScope();
        model.train();
        if (freezeVision)
        {
            // A frozen encoder keeps its BatchNorm statistics too: it runs as it will at test time.
            model.VisionEncoder.eval();
        }
        adam.ZeroGrad();
        Tensor loss;
        if (method == "ezvsl")
        {
            loss = objective.EzVsl(model.ImageFeatures(batch.Images), model.AudioFeatures(batch.Spectrograms));
        }
        else
        {
            var images = new List<ViewFeatures?> { model.ImageFeatures(batch.Images), null, null };
            var sounds = new List<ViewFeatures?> { model.AudioFeatures(batch.Spectrograms), null, null };
            if (batch.AugmentedImages is not null)
            {
                images[1] = model.ImageFeatures(batch.AugmentedImages);
                sounds[1] = model.AudioFeatures(batch.AugmentedSpectrograms!);
            }
            if (batch.NeighbourImages is not null)
            {
                images[2] = model.ImageFeatures(batch.NeighbourImages);
                sounds[2] = model.AudioFeatures(batch.NeighbourSpectrograms!);
            }
            loss = objective.Alignment(images, sounds).Loss;
        }
        loss.backward();
        adam.StepOnce();
        return loss.item<float>();
    }
}
