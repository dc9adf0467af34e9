namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// Buffers one scoring thread reuses from map to map (a file's bytes, the normalised map),
/// so that scoring thousands of maps does not allocate and zero a megabyte per map. A map loaded into them is
/// valid until the next load with the same buffers. Not thread-safe: one per thread.
/// </summary>
public sealed class PredictionBuffers
{
    internal byte[] File { get; set; } = [];

    internal float[] Map { get; set; } = [];
}
