using System.Globalization;
using System.Runtime.InteropServices;

namespace SoundSight.Runtime;

/// <summary>
/// Memory a run uses, for the logs and the benchmarks: the process's peak resident memory (Linux VmHWM), and a
/// GPU's memory in use as the driver's NVML reports it (device-wide, so other processes on the GPU count too;
/// TorchSharp 0.107 exposes no CUDA allocator statistics). Either is null where it cannot be read.
/// </summary>
public static partial class MemoryUse
{
    private const int NvmlSuccess = 0;

    /// <summary>Peak resident memory of this process in bytes (VmHWM of /proc/self/status).</summary>
    public static long? HostPeakBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    /// <summary>Bytes in use and in all on CUDA device <paramref name="index"/>, from NVML; null without a driver.</summary>
    public static (long Used, long Total)? DeviceBytes(int index)
    {
        try
        {
            if (NvmlInit() != NvmlSuccess || NvmlDeviceByIndex((uint)index, out var device) != NvmlSuccess
                || NvmlMemoryInfo(device, out var memory) != NvmlSuccess)
            {
                return null;
            }
            return ((long)memory.Used, (long)memory.Total);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>"host peak 1234 MB" and, on a GPU, "; GPU 5678 of 143771 MB in use (device-wide)".</summary>
    public static string Describe(TorchSharp.torch.Device? device)
    {
        var host = HostPeakBytes() is { } h ? $"host peak {h / (1024 * 1024)} MB" : "host peak unknown";
        if (device is null || device.type != TorchSharp.DeviceType.CUDA)
        {
            return host;
        }
        var gpu = DeviceBytes(Math.Max(0, (int)device.index)) is { } g
            ? $"GPU {g.Used / (1024 * 1024)} of {g.Total / (1024 * 1024)} MB in use (device-wide, NVML)"
            : "GPU memory unknown (no NVML)";
        return $"{host}; {gpu}";
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [LibraryImport("libnvidia-ml.so.1", EntryPoint = "nvmlInit_v2")]
    private static partial int NvmlInit();

    [LibraryImport("libnvidia-ml.so.1", EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    private static partial int NvmlDeviceByIndex(uint index, out nint device);

    [LibraryImport("libnvidia-ml.so.1", EntryPoint = "nvmlDeviceGetMemoryInfo")]
    private static partial int NvmlMemoryInfo(nint device, out NvmlMemory memory);
}
