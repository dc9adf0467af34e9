using SoundSight.Demo;

namespace SoundSight.Cli.Console;

/// <summary>The demo's and the study's stages on stderr: one progress bar a stage, notes on lines of their own.</summary>
public sealed class ConsoleStageObserver : IDemoObserver, IDisposable
{
    private ProgressBar? _bar;

    public void Stage(string name, long total)
    {
        _bar?.Dispose();
        _bar = total > 0 ? new ProgressBar(name, total) : null;
        if (total <= 0)
        {
            System.Console.Error.WriteLine($"{name}...");
        }
    }

    public void Advance(long units, string? detail = null) => _bar?.Advance(units, detail);

    public void Note(string line)
    {
        System.Console.Error.WriteLine();
        System.Console.Error.WriteLine(line);
    }

    public void Dispose() => _bar?.Dispose();
}
