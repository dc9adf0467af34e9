using SoundSight.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Runtime;

/// <summary>
/// Where the model runs: "cpu" (the default, and all CI has), "cuda" or "cuda:N". CUDA needs a libtorch built
/// with it: TorchSharp's CPU package has none, so the launcher can load the libtorch of a PyTorch CUDA install
/// instead (SOUNDSIGHT_LIBTORCH, docs/gpu.md). Asking for CUDA where there is none is an input error with one line,
/// never a native crash half-way into a run.
/// </summary>
public static class ComputeDevice
{
    public const string Cpu = "cpu";

    /// <summary>True for "cpu", "cuda" and "cuda:N" (N a device index); says nothing about the machine.</summary>
    public static bool IsValid(string spec) => TryParse(spec, out _, out _);

    /// <summary>The device for <paramref name="spec"/>, initialising CUDA when it is asked for and present.</summary>
    /// <param name="option">What to name in an error (the recipe key the spec came from); null names the device setting.</param>
    public static Device Resolve(string spec, string? option = null)
    {
        option ??= Setting.Mention(Setting.Device);
        if (!TryParse(spec, out var cuda, out var index))
        {
            throw new InputException(option, $"'{spec}' is not a device: use cpu, cuda or cuda:N");
        }
        if (!cuda)
        {
            return CPU;
        }
        if (!CudaAvailable())
        {
            throw new InputException(option, $"{spec}: no CUDA device is available to this libtorch (TorchSharp's CPU build has none); point SOUNDSIGHT_LIBTORCH at a CUDA libtorch such as <site-packages>/torch/lib of a PyTorch CUDA install (docs/gpu.md)");
        }
        var count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new InputException(option, $"{spec}: this machine has {count} CUDA device(s) (cuda:0 to cuda:{count - 1})");
        }
        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>
    /// The device for inference (localize, evaluate, retrieve): as <see cref="Resolve"/>, and on a GPU with TF32 off
    /// in cuDNN's convolutions and cuBLAS's products. libtorch allows TF32 in convolutions by default (as PyTorch
    /// does, so training keeps it, like the authors' runs); its 10-bit mantissa moved the H200's maps up to 1.6e-3
    /// from the CPU's on evaluation maps (9e-5 raw), where full float32 keeps them within 2e-4 (docs/gpu.md). The
    /// flags are libtorch's process-wide settings, set once the device is known.
    /// </summary>
    public static Device ResolveForInference(string spec, string? option = null)
    {
        var device = Resolve(spec, option);
        if (device.type == DeviceType.CUDA)
        {
            torch.backends.cudnn.allow_tf32 = false;
            torch.backends.cuda.matmul.allow_tf32 = false;
        }
        return device;
    }

    /// <summary>Whether CUDA can be used here (loads TorchSharp's CUDA backend if the libtorch has one).</summary>
    public static bool CudaAvailable()
    {
        try
        {
            return torch.TryInitializeDeviceType(DeviceType.CUDA) && torch.cuda.is_available();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            return false;
        }
    }

    private static bool TryParse(string spec, out bool cuda, out int index)
    {
        cuda = false;
        index = 0;
        if (spec == Cpu)
        {
            return true;
        }
        if (spec == "cuda")
        {
            cuda = true;
            return true;
        }
        if (spec.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(spec.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
        {
            cuda = true;
            return true;
        }
        return false;
    }
}
