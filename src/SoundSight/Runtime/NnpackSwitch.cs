using System.Runtime.InteropServices;

namespace SoundSight.Runtime;

/// <summary>
/// Turns off libtorch's NNPACK convolutions (what Python's <c>torch.backends.nnpack.set_flags(False)</c> does).
/// Where NNPACK cannot start, as on this project's AMD EPYC virtual machines, libtorch 2.10 prints
/// "Could not initialize NNPACK! Reason: Unsupported hardware." each time it considers NNPACK for a CPU convolution
/// (seen as dozens of lines in EZ-VSL's training and the demo's report, though not in every identical run) and then
/// uses another kernel anyway. Off, libtorch goes straight to those kernels (oneDNN or its own); where NNPACK would have run,
/// the result differs by float rounding only (the golden tests hold every backend to the official maps).
/// TorchSharp does not bind the switch, so the two C++ functions are called by their exported names.
/// </summary>
public static partial class NnpackSwitch
{
    /// <summary>Turns NNPACK off once at start-up; false where libtorch's CPU library or the symbols are missing.</summary>
    public static bool TurnOff()
    {
        try
        {
            SetUserEnabledNnpack(Context(), enabled: false);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>libtorch's own flag (true unless turned off); null where it cannot be read.</summary>
    public static bool? IsOn()
    {
        try
        {
            return UserEnabledNnpack(Context());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>at::globalContext(), with libtorch loaded through TorchSharp first so that the names resolve in the same library.</summary>
    private static IntPtr Context()
    {
        _ = TorchSharp.torch.get_num_threads();
        return GlobalContext();
    }

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    // A member function: `this` (the context) is the first argument in the x86-64 and AArch64 calling conventions.
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(IntPtr context);
}
