using System.Diagnostics;
using SoundSight.Runtime;

namespace SoundSight.Tests.Runtime;

public sealed class OpenMpWaitPolicyTests
{
    /// <summary>
    /// The setting goes to the native environment only: .NET's copy, which child processes (the official code that
    /// `bench --official` runs) inherit, keeps what the user had, and a value the user set is never replaced.
    /// </summary>
    [Fact]
    public void ChildProcessesInheritTheUsersSetting()
    {
        var before = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable);
        var changed = OpenMpWaitPolicy.LetWorkersSleep();
        Assert.Equal(before, Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable));
        if (before is not null)
        {
            Assert.False(changed);
        }
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"printf %s \"${{{OpenMpWaitPolicy.Variable}-unset}}\""]) { RedirectStandardOutput = true };
        using var child = Process.Start(start)!;
        var seen = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Assert.Equal(before ?? "unset", seen);
    }
}
