namespace SoundSight.Evaluation;

/// <summary>One benchmark entry's picture and sound as found under a data root, with its class where the benchmark has one.</summary>
public sealed record BenchmarkPair(string Image, string Audio, string? Class);
