using static TorchSharp.torch;

namespace SoundSight.Tests.Runtime;

/// <summary>Proves that libtorch loads on this Debian 12 machine (the GLIBCXX weak-version patch works).</summary>
public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void MatrixProductRunsOnLibTorch()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}
