namespace SoundSight.Cli.Console;

/// <summary>Process-wide libtorch settings a command chooses once, before any model work.</summary>
public static class TorchSetup
{
    public static void SetThreads(int? threads)
    {
        var n = threads ?? Environment.ProcessorCount;
        if (n < 1)
        {
            throw new IO.InputException("--threads", "must be at least 1");
        }
        TorchSharp.torch.set_num_threads(n);
    }
}
