using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// The number format the two ResNet-18 encoders compute in. "fp32" (the authors'): everything in float32.
/// "bf16" (a named deviation, TorchSharp 0.107 has no autocast): what autocast would do to a ResNet by hand: the
/// encoder's input and every convolution's weights are cast to bfloat16, BatchNorm runs on the bfloat16
/// activations with its float32 affine parameters and running statistics, and the encoder's output map is cast back
/// to float32, so pooling, the projection heads, the maps and the losses stay float32. Parameters, gradients and
/// Adam's state stay float32 (the casts are differentiable); bfloat16 keeps float32's exponent range, so no loss
/// scaling is needed (fp16 would need it, and is not offered).
/// </summary>
public static class EncoderPrecision
{
    public const string Float32 = "fp32";
    public const string BFloat16 = "bf16";

    /// <summary>Not a precision of its own: the fastest of the two on this CPU (<see cref="FastestHere"/>).</summary>
    public const string Auto = "auto";

    public static bool IsValid(string name) => name is Float32 or BFloat16;

    /// <summary>
    /// <see cref="BFloat16"/> where the CPU computes bfloat16 natively (the avx512_bf16 or amx_bf16 flag: oneDNN's
    /// bfloat16 convolutions then train the demo's recipe about 1.7x as fast as float32 on a 2-core AMD EPYC Zen 4,
    /// docs/learning.md), else <see cref="Float32"/> (without those instructions bfloat16 is emulated, and slower).
    /// </summary>
    public static string FastestHere() => FastestFor(CpuFlags());

    /// <summary><see cref="FastestHere"/> for a CPU with these /proc/cpuinfo flags.</summary>
    public static string FastestFor(IReadOnlySet<string> flags) =>
        flags.Contains("avx512_bf16") || flags.Contains("amx_bf16") ? BFloat16 : Float32;

    /// <summary>The first processor's flags in /proc/cpuinfo (empty where there is none, as off Linux).</summary>
    public static IReadOnlySet<string> CpuFlags()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) : null;
            return line is null ? new HashSet<string>() : line.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (IOException)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>The tensor type of the encoders' arithmetic; null for float32 (the plain modules run).</summary>
    public static ScalarType? ComputeType(string name) => name switch
    {
        Float32 => null,
        BFloat16 => ScalarType.BFloat16,
        _ => throw new ArgumentException($"precision must be {Float32} or {BFloat16}, not '{name}'"),
    };

    /// <summary>A convolution in the compute type (its weights cast per call, so they stay float32).</summary>
    internal static Tensor Convolve(Conv2d conv, Tensor x, ScalarType? type) =>
        type is not { } t ? conv.forward(x) : nn.functional.conv2d(x, conv.weight!.to(t), conv.bias?.to(t), conv.stride, conv.padding, conv.dilation, conv.groups);

    /// <summary>BatchNorm on compute-type activations with float32 parameters and statistics, as the module does.</summary>
    internal static Tensor Normalize(BatchNorm2d norm, Tensor x, ScalarType? type)
    {
        if (type is null)
        {
            return norm.forward(x);
        }
        if (norm.training && norm.track_running_stats)
        {
            using var one = 1L.ToScalar(); // explicit and held over the call (an implicit Scalar is left to the finalizer)
            norm.num_batches_tracked!.add_(one);
        }
        return nn.functional.batch_norm(x, norm.running_mean, norm.running_var, norm.weight, norm.bias, norm.training, norm.momentum ?? 0.1, norm.eps);
    }
}
