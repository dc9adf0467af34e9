using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// Adam with L2 weight decay added to the gradient, exactly torch.optim.Adam's update (the authors' optimiser),
/// written out so its state (step, first and second moments) is plain tensors that checkpoints save and restore.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly (string Name, Tensor Parameter)[] _parameters;
    private readonly Dictionary<string, Tensor> _m = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _v = new(StringComparer.Ordinal);

    public AdamOptimizer(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters.ToArray();
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        foreach (var (name, p) in _parameters)
        {
            _m[name] = zeros_like(p);
            _v[name] = zeros_like(p);
        }
    }

    public double LearningRate { get; set; }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public long Step { get; private set; }

    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
        {
            p.grad?.zero_();
        }
    }

    public void StepOnce()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Step++;
        var bias1 = 1 - Math.Pow(Beta1, Step);
        var bias2 = 1 - Math.Pow(Beta2, Step);
        // Explicit scalars, alive (by `using`) until every call that reads them has returned. TorchSharp's implicit
        // double -> Scalar conversions leave each native scalar to the finalizer; the likeliest reading of a CI run
        // that failed in add_(Eps) with a scalar of no known type is that one was freed while libtorch read it.
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var weightDecay = WeightDecay.ToScalar();
        using var eps = Eps.ToScalar();
        using var biasRoot = Math.Sqrt(bias2).ToScalar();
        using var stepSize = (-LearningRate / bias1).ToScalar();
        foreach (var (name, p) in _parameters)
        {
            var g = p.grad;
            if (g is null)
            {
                continue;
            }
            if (WeightDecay != 0)
            {
                g = g.add(p, alpha: weightDecay);
            }
            _m[name].mul_(beta1).add_(g, alpha: oneMinusBeta1);
            _v[name].mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
            var denom = _v[name].sqrt().div_(biasRoot).add_(eps);
            p.addcdiv_(_m[name], denom, value: stepSize);
        }
    }

    /// <summary>The moments, keyed "adam.m.&lt;name&gt;" and "adam.v.&lt;name&gt;", for a checkpoint.</summary>
    public IEnumerable<(string Key, Tensor Value)> State() =>
        _m.Select(kv => ($"adam.m.{kv.Key}", kv.Value)).Concat(_v.Select(kv => ($"adam.v.{kv.Key}", kv.Value)));

    public void Restore(IReadOnlyDictionary<string, Tensor> tensors, long step)
    {
        using var noGrad = no_grad();
        foreach (var (name, _) in _parameters)
        {
            _m[name].copy_(tensors[$"adam.m.{name}"]);
            _v[name].copy_(tensors[$"adam.v.{name}"]);
        }
        Step = step;
    }

    public void Dispose()
    {
        foreach (var t in _m.Values.Concat(_v.Values))
        {
            t.Dispose();
        }
    }
}
