using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Models;

/// <summary>A model built to be loaded has the same state as a randomly initialised one, its convolutions zero until loaded.</summary>
public sealed class ParameterInitTests
{
    [Fact]
    public void ALoadedModelHasTheRandomOnesKeysAndShapesOnTheCpuAndTakesFormulaWeightsAlike()
    {
        using var random = new SoundLocalizationModel();
        using var loaded = new SoundLocalizationModel(ParameterInit.Loaded);
        var expected = random.state_dict();
        var actual = loaded.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, t) in actual)
        {
            Assert.Equal(expected[key].shape, t.shape);
            Assert.Equal(expected[key].dtype, t.dtype);
            Assert.False(t.is_meta, key);
            Assert.Equal(TorchSharp.DeviceType.CPU, t.device_type);
        }
        Assert.Equal(0, actual["imgnet.layer4.1.conv2.weight"].abs().sum().item<float>());
        Assert.Contains(loaded.parameters(), p => p.shape.SequenceEqual(new long[] { 512, 512, 3, 3 }) && p.requires_grad);
        // The projection heads start as PyTorch's (a localization checkpoint may lack them).
        Assert.NotEqual(0, actual["img_proj.weight"].abs().sum().item<float>());

        DeterministicWeights.Apply(random, 7);
        DeterministicWeights.Apply(loaded, 7);
        foreach (var (key, t) in loaded.state_dict())
        {
            Assert.True(t.eq(expected[key]).all().item<bool>(), key);
        }
        using var x = randn(1, 3, 64, 64);
        using var a = random.VisionMap(x);
        using var b = loaded.VisionMap(x);
        Assert.True(a.eq(b).all().item<bool>());
    }
}
