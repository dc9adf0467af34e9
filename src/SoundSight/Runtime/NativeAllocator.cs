using System.Runtime.InteropServices;

namespace SoundSight.Runtime;

/// <summary>
/// glibc malloc settings for libtorch's large, short-lived tensors. By default glibc serves blocks above a (dynamic,
/// at most 32 MiB) threshold with fresh mmap pages and gives the top of the heap back to the kernel as soon as it
/// is free, so every training step faults its activations in again: on this project's 2-core machine that was
/// about a quarter of a training step (docs/speed.md). Keeping freed memory (no trimming) and serving blocks
/// up to 32 MiB from the heap lets steps reuse warm pages. No effect off glibc; the process's peak memory is
/// unchanged, it is just not returned between steps.
/// </summary>
public static partial class NativeAllocator
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    /// <summary>Applies the settings once at start-up; false where there is no glibc (nothing changed).</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            // mallopt returns 1 on success; the threshold's upper bound on 64-bit glibc is 32 MiB.
            return MallocOption(TrimThreshold, int.MaxValue) == 1 & MallocOption(MmapThreshold, 32 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallocOption(int parameter, int value);
}
