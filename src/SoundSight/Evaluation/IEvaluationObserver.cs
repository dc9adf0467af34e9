using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>What an evaluation tells its caller while it runs: informative lines, and the scoring's progress.</summary>
public interface IEvaluationObserver
{
    /// <summary>A line for the user, e.g. which object saliency network runs.</summary>
    void Inform(string line);

    /// <summary>Scoring starts: <paramref name="total"/> entries under <paramref name="label"/> (e.g. "evaluate is3 0/4").</summary>
    void Started(string label, int total);

    /// <summary><paramref name="count"/> more entries scored (called from parallel workers).</summary>
    void Advanced(int count);

    /// <summary>Scoring ended, finished or stopped by an error.</summary>
    void Finished();
}
