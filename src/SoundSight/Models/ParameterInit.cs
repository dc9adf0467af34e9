using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>How a model's convolution weights start.</summary>
public enum ParameterInit
{
    /// <summary>PyTorch's default (Kaiming-uniform), as an untrained model needs.</summary>
    Random,

    /// <summary>
    /// Zeros, for a model whose every convolution weight is loaded next (a checkpoint, formula weights):
    /// libtorch draws random weights one at a time (about 13 ns each), 0.3 s of the two-tower model's 23 M.
    /// </summary>
    Loaded,
}

/// <summary>Convolutions built as <see cref="ParameterInit"/> says.</summary>
internal static class Convolutions
{
    /// <summary>A bias-free 2-D convolution (the ResNet encoders' only kind).</summary>
    public static Conv2d Create(long inputs, long outputs, long kernel, long stride, long padding, ParameterInit init)
    {
        if (init == ParameterInit.Random)
        {
            return nn.Conv2d(inputs, outputs, kernel, stride: stride, padding: padding, bias: false);
        }
        // Made on the meta device, where initialisation costs nothing, then given zero weights on the CPU.
        var conv = nn.Conv2d(inputs, outputs, kernel, stride: stride, padding: padding, bias: false, device: META);
        conv.weight = new Parameter(zeros(outputs, inputs, kernel, kernel));
        return conv;
    }
}
