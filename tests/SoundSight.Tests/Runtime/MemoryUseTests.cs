using SoundSight.Runtime;

namespace SoundSight.Tests.Runtime;

public sealed class MemoryUseTests
{
    [Fact]
    public void HostPeakIsReadAndAtLeastWhatIsAllocated()
    {
        var block = new byte[64 << 20];
        Array.Fill(block, (byte)1); // touched, so resident
        var peak = MemoryUse.HostPeakBytes();
        Assert.NotNull(peak);
        Assert.True(peak >= block.Length, $"peak {peak} below a resident block of {block.Length}");
        Assert.StartsWith("host peak ", MemoryUse.Describe(TorchSharp.torch.CPU), StringComparison.Ordinal);
        GC.KeepAlive(block);
    }

    [Fact]
    public void NoDriverMeansNoGpuFigureNotAnError()
    {
        // This CI machine has no NVIDIA driver: NVML is absent and the answer is null, never an exception.
        if (File.Exists("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"))
        {
            Assert.NotNull(MemoryUse.DeviceBytes(0));
        }
        else
        {
            Assert.Null(MemoryUse.DeviceBytes(0));
        }
    }
}
