using SoundSight.Runtime;

namespace SoundSight.Tests.Runtime;

public class NativeAllocatorTests
{
    [Fact]
    public void GlibcAcceptsTheSettingsAndTensorsStillAllocate()
    {
        Assert.Equal(OperatingSystem.IsLinux(), NativeAllocator.KeepFreedMemory());
        // A block above the old dynamic threshold and one above 32 MiB, allocated and freed twice.
        for (var i = 0; i < 2; i++)
        {
            using var small = TorchSharp.torch.ones(4 << 20);
            using var large = TorchSharp.torch.ones(16 << 20);
            Assert.Equal((4 << 20) + (16 << 20), small.sum().item<float>() + large.sum().item<float>());
        }
    }
}
