using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>The batched matrix products of a Winograd convolution: [P, M, K] x [P, K, N] -> [P, M, N], float32 on the CPU.</summary>
public interface IBatchedProduct
{
    /// <summary>A new [P, M, N] tensor (caller disposes); both inputs contiguous.</summary>
    Tensor Multiply(Tensor a, Tensor b);
}
