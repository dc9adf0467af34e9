using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>An inference-only copy of a ResNet-18 encoder: [B, C, H, W] in, the layer4 map [B, 512, h, w] out (caller disposes).</summary>
public interface IInferenceTower : IDisposable
{
    Tensor Forward(Tensor x);
}
