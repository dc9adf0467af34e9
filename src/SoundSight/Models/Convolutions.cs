using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

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
