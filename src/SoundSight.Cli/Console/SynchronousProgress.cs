namespace SoundSight.Cli.Console;

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    public SynchronousProgress(Action<T> report)
    {
        _report = report;
    }

    public void Report(T value) => _report(value);
}
