using Microsoft.ML.OnnxRuntime;

namespace SoundSight.Models.Onnx;

/// <summary>The session settings every SoundSight graph runs with: all graph optimisations, one sequential stream.</summary>
internal static class OnnxSessionOptions
{
    /// <param name="threads">Intra-op threads (at least one).</param>
    /// <param name="spinning">Whether idle workers spin waiting for the next call (fast back-to-back calls), or sleep
    /// (other work runs on the same cores between calls).</param>
    public static SessionOptions For(int threads, bool spinning)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (!spinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return options;
    }
}
