using SoundSight.Runtime;
using static TorchSharp.torch;

namespace SoundSight.Tests.Runtime;

public sealed class NnpackSwitchTests
{
    /// <summary>
    /// The switch reaches libtorch's own flag (the C++ symbols resolve in the library TorchSharp loaded), and a batch
    /// of 16, the size libtorch considers NNPACK for, still convolves to the same numbers as one picture at a time.
    /// </summary>
    [Fact]
    public void TurningNnpackOffReachesLibtorchAndConvolutionsStillRun()
    {
        Assert.True(NnpackSwitch.TurnOff());
        Assert.False(NnpackSwitch.IsOn());
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var x = randn([16, 8, 20, 20], generator: generator);
        var w = randn([8, 8, 3, 3], generator: generator);
        var batch = nn.functional.conv2d(x, w, padding: [1, 1]);
        var one = nn.functional.conv2d(x.narrow(0, 5, 1), w, padding: [1, 1]);
        Assert.True((batch.narrow(0, 5, 1) - one).abs().max().item<float>() < 1e-4);
    }
}
