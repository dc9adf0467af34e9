using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// An exponential moving average of the trained weights (Polyak averaging, recipe ema_decay): after optimiser
/// step t, average = d average + (1 - d) weights with d = min(decay, (1 + t) / (10 + t)), so that the first steps,
/// far from where the run ends, weigh little. The optimiser keeps stepping the raw weights; what a run hands on
/// (validation, best.safetensors, last.safetensors) is the average, swapped into the model for the time it is used.
/// Why: with the demo's constant learning rate the last step's weights wander, and runs that differ only in their
/// seed land far apart (docs/learning.md, "Averaged weights").
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly IReadOnlyList<(string Name, Tensor Parameter)> _trained;
    private readonly Dictionary<string, Tensor> _average;

    public WeightAverage(IReadOnlyList<(string Name, Tensor Parameter)> trained, double decay)
    {
        if (decay is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must lie in (0, 1)");
        }
        Decay = decay;
        _trained = trained;
        using var noGrad = no_grad();
        _average = trained.ToDictionary(p => p.Name, p => p.Parameter.detach().clone());
    }

    public double Decay { get; }

    /// <summary>The weight the average keeps after optimiser step <paramref name="step"/> (1 for the first).</summary>
    public double DecayAt(long step) => Math.Min(Decay, (1.0 + step) / (10.0 + step));

    /// <summary>Folds the weights as optimiser step <paramref name="step"/> left them into the average.</summary>
    public void Update(long step)
    {
        using var noGrad = no_grad();
        var d = DecayAt(step);
        // Explicit scalars kept alive over the calls (AdamOptimizer.StepOnce says why).
        using var keep = d.ToScalar();
        using var take = (1 - d).ToScalar();
        foreach (var (name, p) in _trained)
        {
            _average[name].mul_(keep).add_(p, alpha: take);
        }
    }

    /// <summary>Runs <paramref name="use"/> with the averaged weights in the model, then puts the trained ones back.</summary>
    public T Use<T>(Func<T> use)
    {
        var raw = new Dictionary<string, Tensor>();
        try
        {
            using (no_grad())
            {
                foreach (var (name, p) in _trained)
                {
                    raw[name] = p.detach().clone();
                    p.copy_(_average[name]);
                }
            }
            return use();
        }
        finally
        {
            using (no_grad())
            {
                foreach (var (name, p) in _trained)
                {
                    if (raw.TryGetValue(name, out var saved))
                    {
                        p.copy_(saved);
                        saved.Dispose();
                    }
                }
            }
        }
    }

    /// <summary>The average for a checkpoint, keyed "average.&lt;name&gt;".</summary>
    public IEnumerable<(string Key, Tensor Value)> State() => _average.Select(kv => ($"average.{kv.Key}", kv.Value));

    /// <summary>Whether a checkpoint's tensors hold an average of every trained weight.</summary>
    public bool IsIn(IReadOnlyDictionary<string, Tensor> tensors) => _trained.All(p => tensors.ContainsKey($"average.{p.Name}"));

    public void Restore(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in _average)
        {
            t.copy_(tensors[$"average.{name}"]);
        }
    }

    public void Dispose()
    {
        foreach (var t in _average.Values)
        {
            t.Dispose();
        }
    }
}
