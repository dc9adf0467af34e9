namespace SoundSight.Localization;

/// <summary>What runs the two encoders at inference (by default the one measured fastest here, <see cref="Localizer.ChoiceFor"/>).</summary>
public enum InferenceBackend
{
    /// <summary>
    /// ONNX Runtime on a graph built from the BatchNorm-folded weights (the default where it measures fastest,
    /// <see cref="Localizer.ChoiceFor"/>); equal to the TorchSharp path up to float rounding (about 1e-6 relative).
    /// </summary>
    Onnx,

    /// <summary>libtorch through TorchSharp: the path training uses, and the one to use on CUDA.</summary>
    Torch,

    /// <summary>
    /// libtorch with the stride-1 3 x 3 convolutions as Winograd convolutions on channels-last tensors
    /// (<see cref="Models.Winograd.WinogradResNet18"/>): fewer multiplications than any direct convolution, equal
    /// to the TorchSharp path up to float rounding (about 3e-6 relative on the features). CPU only; on a GPU the
    /// encoders run as <see cref="Torch"/>.
    /// </summary>
    Winograd,
}
