using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>One benchmark entry's picture and sound as found under a data root, with its class where the benchmark has one.</summary>
public sealed record BenchmarkPair(string Image, string Audio, string? Class);
