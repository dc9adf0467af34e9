namespace SoundSight.Localization;

/// <summary>What runs the two encoders at inference.</summary>
public enum InferenceBackend
{
    /// <summary>
    /// ONNX Runtime on a graph built from the BatchNorm-folded weights: the fastest on CPU here (see
    /// docs/benchmarks.md); equal to the TorchSharp path up to float rounding (about 1e-6 relative).
    /// </summary>
    Onnx,

    /// <summary>libtorch through TorchSharp: the path training uses, and the one to use on CUDA.</summary>
    Torch,
}
