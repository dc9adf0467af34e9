using System.Runtime.InteropServices;

namespace SoundSight.Runtime;

/// <summary>
/// Lets libtorch's OpenMP workers sleep as soon as a parallel operation ends instead of spinning for it
/// (OMP_WAIT_POLICY=PASSIVE). By default GNU OpenMP spins a worker for a while after every parallel region; on a
/// 2-core machine that spinning took one core from the work that ran next on .NET's threads (the Winograd towers, the
/// input pipeline): a one-pair call's encoders took 37 to 56 ms with spinning workers and 30 to 37 ms without
/// (docs/speed.md, 2026-12-07). libgomp reads the variable once, when libtorch is loaded, so this must run before
/// the first tensor; a value the user set is kept. The variable is set in the native environment only: .NET's own
/// copy, which child processes (the official code of `bench --official`) inherit, is read first and left as it was.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets PASSIVE where the user set nothing; false where it was set already or there is no libc.</summary>
    public static bool LetWorkersSleep()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return false;
        }
        try
        {
            return SetEnvironment(Variable, "PASSIVE", overwrite: 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
