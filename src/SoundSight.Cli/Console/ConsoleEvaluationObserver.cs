using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Cli.Console;

/// <summary>An evaluation on the terminal: its lines on stderr, its scoring as a <see cref="ProgressBar"/>.</summary>
public sealed class ConsoleEvaluationObserver : IEvaluationObserver
{
    private ProgressBar? _progress;

    public void Inform(string line) => System.Console.Error.WriteLine(line);

    public void Started(string label, int total) => _progress = new ProgressBar(label, total);

    public void Advanced(int count) => _progress?.Advance(count);

    public void Finished()
    {
        _progress?.Dispose();
        _progress = null;
    }
}
