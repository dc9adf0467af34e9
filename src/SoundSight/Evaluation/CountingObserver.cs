using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// An observer that only passes on how many entries were scored: for callers that announce their own stages (the
/// demo, the study) or watch nothing.
/// </summary>
public sealed class CountingObserver(Action<int>? advanced = null) : IEvaluationObserver
{
    public void Inform(string line)
    {
    }

    public void Started(string label, int total)
    {
    }

    public void Advanced(int count) => advanced?.Invoke(count);

    public void Finished()
    {
    }
}
