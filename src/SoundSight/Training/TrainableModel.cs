using SoundSight.Checkpoints;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// The model a recipe trains and its optimiser: seeded weights, the recipe's encoder initialisations and starting
/// checkpoint, moved to the recipe's device in its precision, the frozen vision parameters left out of Adam; and,
/// on a resume, both restored from the newest checkpoint.
/// </summary>
public sealed class TrainableModel : IDisposable
{
    private TrainableModel(SoundLocalizationModel model, Device device, List<(string Name, Tensor Parameter)> trained, AdamOptimizer optimizer, WeightAverage? average)
    {
        Model = model;
        Device = device;
        Trained = trained;
        Optimizer = optimizer;
        Average = average;
    }

    public SoundLocalizationModel Model { get; }

    public Device Device { get; }

    /// <summary>The parameters the optimiser updates, by name.</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> Trained { get; }

    public AdamOptimizer Optimizer { get; }

    /// <summary>The moving average of the trained weights (recipe ema_decay), or null when the recipe has none.</summary>
    public WeightAverage? Average { get; }

    /// <summary>
    /// Runs <paramref name="use"/> on the model a run hands on: with the averaged weights swapped in when the recipe
    /// averages them, else as trained.
    /// </summary>
    public T HandedOn<T>(Func<T> use) => Average is null ? use() : Average.Use(use);

    /// <summary>Builds the model as the recipe starts it; each initialisation is reported as a note.</summary>
    public static TrainableModel Create(TrainingRecipe recipe, IProgress<TrainingProgress>? progress)
    {
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
        try
        {
            DeterministicWeights.Apply(model, recipe.Seed);
            var visionInit = VisionInitialization.Apply(model.VisionEncoder, recipe.VisionInit);
            progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, visionInit));
            if (recipe.AudioInit != AudioInitialization.Scratch)
            {
                progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, AudioInitialization.Apply(model.AudioEncoder, recipe.AudioInit)));
            }
            if (recipe.Init is { } init)
            {
                CheckpointLoader.Load(model, init, SoundLocalizationModel.ProjectionPrefixes);
                model.HasProjections = true;
            }
            var device = Runtime.ComputeDevice.Resolve(recipe.Device, "device");
            model.to(device);
            model.UsePrecision(recipe.Precision);
            if (recipe.FreezeVision)
            {
                foreach (var (name, p) in model.VisionEncoder.named_parameters())
                {
                    p.requires_grad = recipe.TrainVisionLayer4 && name.StartsWith("layer4.", StringComparison.Ordinal);
                }
            }
            var trained = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (Tensor)p.parameter)).ToList();
            var average = recipe.EmaDecay is { } decay ? new WeightAverage(trained, decay) : null;
            return new TrainableModel(model, device, trained, new AdamOptimizer(trained, recipe.LearningRate, recipe.WeightDecay), average);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Model and optimiser as a checkpoint holds them (<paramref name="source"/> names it in errors); the
    /// checkpoint's tensors are disposed.
    /// </summary>
    public void Restore(IReadOnlyDictionary<string, Tensor> tensors, long step, string source)
    {
        try
        {
            using (no_grad())
            {
                foreach (var (name, t) in Model.state_dict())
                {
                    if (!tensors.TryGetValue($"model.{name}", out var saved) || !saved.shape.SequenceEqual(t.shape))
                    {
                        throw new InputException(source, $"the newest checkpoint lacks model.{name} or holds it with another shape: not a checkpoint of this recipe's model");
                    }
                    t.copy_(saved);
                }
            }
            if (Trained.Any(p => !tensors.ContainsKey($"adam.m.{p.Name}") || !tensors.ContainsKey($"adam.v.{p.Name}")))
            {
                throw new InputException(source, "the newest checkpoint lacks the optimiser state of this recipe's parameters");
            }
            Optimizer.Restore(tensors, step);
            if (Average is not null)
            {
                if (!Average.IsIn(tensors))
                {
                    throw new InputException(source, "the newest checkpoint lacks the weight average the recipe asks for (ema_decay): it was started without it");
                }
                Average.Restore(tensors);
            }
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>What a checkpoint holds: the model's state ("model." names), the optimiser's and any weight average.</summary>
    public IEnumerable<(string Key, Tensor Value)> CheckpointTensors() =>
        Model.state_dict().Select(kv => ($"model.{kv.Key}", kv.Value)).Concat(Optimizer.State()).Concat(Average?.State() ?? []);

    public void Dispose()
    {
        Average?.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }
}
