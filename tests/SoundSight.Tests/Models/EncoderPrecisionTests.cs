using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Models;

/// <summary>
/// The bf16 encoders against the float32 ones with the same weights: the map, the BatchNorm statistics a training
/// forward leaves, and the gradients agree to bfloat16's precision (through 17 convolutions of random weights the
/// map's relative error is about 4 %, the median gradient cosine 0.96), and everything the rest of the model sees is
/// float32. What that costs a trained model is measured in docs/training.md.
/// </summary>
public sealed class EncoderPrecisionTests
{
    [Theory]
    [InlineData(Modality.Vision, 3, 64, 64)]
    [InlineData(Modality.Audio, 1, 257, 48)]
    public void BFloat16EncoderFollowsTheFloat32One(Modality modality, int channels, int height, int width)
    {
        using var reference = new ResNet18Encoder(modality);
        using var mixed = new ResNet18Encoder(modality);
        DeterministicWeights.Apply(reference, 5);
        mixed.load_state_dict(reference.state_dict());
        mixed.ComputeType = EncoderPrecision.ComputeType(EncoderPrecision.BFloat16);
        reference.train();
        mixed.train();
        using var x = randn(new long[] { 4, channels, height, width }, generator: manual_seed(9));

        using var expected = reference.forward(x);
        using var actual = mixed.forward(x);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.True(RelativeError(actual, expected) < 6e-2, $"map: relative error {RelativeError(actual, expected):E2}");

        var after = mixed.state_dict();
        foreach (var (name, t) in reference.state_dict())
        {
            Assert.Equal(t.dtype, after[name].dtype);
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal(t.item<long>(), after[name].item<long>());
            }
            else if (name.Contains("running_", StringComparison.Ordinal))
            {
                Assert.True(RelativeError(after[name], t) < 6e-2, $"{name}: relative error {RelativeError(after[name], t):E2}");
            }
        }

        expected.square().mean().backward();
        actual.square().mean().backward();
        var grads = mixed.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        foreach (var (name, p) in reference.named_parameters().Where(p => p.parameter.grad is not null))
        {
            var g = grads[name];
            Assert.NotNull(g);
            Assert.Equal(ScalarType.Float32, g!.dtype);
            var cosine = (p.grad!.flatten().dot(g.flatten()) / (p.grad!.norm() * g.norm() + 1e-30)).item<float>();
            // Rounding compounds on the way back: layer4's gradients keep a cosine above 0.97, the stem's about 0.9.
            var floor = name.StartsWith("layer4", StringComparison.Ordinal) ? 0.95 : 0.8;
            Assert.True(cosine > floor, $"{name}: gradient cosine {cosine}");
        }
    }

    [Fact]
    public void UnknownPrecisionIsRefused()
    {
        Assert.False(EncoderPrecision.IsValid("fp16"));
        Assert.Throws<ArgumentException>(() => EncoderPrecision.ComputeType("fp16"));
        Assert.Null(EncoderPrecision.ComputeType(EncoderPrecision.Float32));
    }

    [Theory]
    [InlineData("fpu sse2 avx512f avx512bw avx512_bf16 avx512_vnni", "bf16")] // AMD Zen 4, Intel Cooper Lake
    [InlineData("fpu sse2 avx512f amx_bf16 amx_tile", "bf16")] // Intel Sapphire Rapids (AMX)
    [InlineData("fpu sse2 avx2 avx512f avx512bw avx512_vnni", "fp32")] // Intel Ice Lake: AVX-512 without bfloat16
    [InlineData("", "fp32")] // no /proc/cpuinfo
    public void AutoTrainsInBFloat16OnlyWhereTheCpuComputesItNatively(string flags, string expected)
    {
        Assert.Equal(expected, EncoderPrecision.FastestFor(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet()));
        // This machine's flags are read (on Linux every CPU lists some; x86 ones list sse2), so auto decides on them.
        Assert.True(!File.Exists("/proc/cpuinfo") || EncoderPrecision.CpuFlags().Count > 0, "no flags read from /proc/cpuinfo");
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual - expected).norm().item<float>() / Math.Max(1e-30, expected.norm().item<float>());
}
