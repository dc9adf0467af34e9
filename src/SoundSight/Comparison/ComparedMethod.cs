using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Comparison;

/// <summary>One row of the comparison: a method, what it ran (checkpoint or maps), and its metrics.</summary>
public sealed record ComparedMethod(string Label, string Method, string Title, string Source, EvaluationMetrics Metrics);
