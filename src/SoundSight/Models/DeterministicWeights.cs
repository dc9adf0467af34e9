using System.Text;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// Weights that a formula gives, identically in C# and in numpy (tools/golden/model_fixtures.py), so golden tests
/// can rebuild a full 2 x ResNet-18 checkpoint without storing 90 MB. Element k of the tensor named n is drawn
/// from u = splitmix64(fnv1a64(n) XOR seed + (k + 1) * 0x9E3779B97F4A7C15) >> 11, scaled by 2^-53 into [0, 1):
/// conv/linear weights uniform with bound sqrt(6 / fan_in) (4-D) or sqrt(1 / fan_in) (2-D); 1-D weights
/// (BatchNorm gamma) 0.5 + u; biases and running means 0.2 (u - 0.5); running variances 0.5 + 1.5 u.
/// Not a trained model: its maps carry no meaning, only numbers to compare.
/// </summary>
public static class DeterministicWeights
{
    public static void Apply(nn.Module model, ulong seed)
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in model.state_dict())
        {
            if (t.dtype != ScalarType.Float32)
            {
                continue;
            }
            var values = Values(name, t.shape, seed);
            using var source = tensor(values, t.shape);
            t.copy_(source);
        }
    }

    public static float[] Values(string name, long[] shape, ulong seed)
    {
        var count = 1L;
        foreach (var d in shape)
        {
            count *= d;
        }
        var fanIn = shape.Length >= 2 ? count / shape[0] : 1;
        var key = Fnv1a64(name) ^ seed;
        var values = new float[count];
        // The rule is chosen once per tensor (names compared per element took most of a model's 0.5 s); each
        // element's expression is the one numpy evaluates, so the values stay bit for bit the fixtures'.
        var rule = RuleOf(name, shape.Length);
        var bound = rule switch
        {
            Rule.Uniform4d => Math.Sqrt(6.0 / fanIn),
            Rule.Uniform2d => Math.Sqrt(1.0 / fanIn),
            _ => 0.0,
        };
        for (var k = 0L; k < count; k++)
        {
            var u = (SplitMix64(key + ((ulong)(k + 1) * 0x9E3779B97F4A7C15UL)) >> 11) * (1.0 / (1UL << 53));
            values[k] = (float)(rule switch
            {
                Rule.Variance => 0.5 + (1.5 * u),
                Rule.Centred => 0.2 * (u - 0.5),
                Rule.Uniform4d or Rule.Uniform2d => ((2 * u) - 1) * bound,
                _ => 0.5 + u,
            });
        }
        return values;
    }

    private enum Rule
    {
        Variance,
        Centred,
        Uniform4d,
        Uniform2d,
        Gamma,
    }

    private static Rule RuleOf(string name, int rank)
    {
        if (name.EndsWith("running_var", StringComparison.Ordinal))
        {
            return Rule.Variance;
        }
        if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal))
        {
            return Rule.Centred;
        }
        return rank switch
        {
            4 => Rule.Uniform4d,
            2 => Rule.Uniform2d,
            _ => Rule.Gamma,
        };
    }

    private static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong SplitMix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
