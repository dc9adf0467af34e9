using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>The entries of one benchmark, in annotation order, with notes the reader wants the user to see.</summary>
public sealed record BenchmarkSet(BenchmarkPreset Preset, string AnnotationsPath, IReadOnlyList<BenchmarkEntry> Entries, IReadOnlyList<string> Notes);
