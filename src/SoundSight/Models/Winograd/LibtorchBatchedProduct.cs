using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>Batched products by libtorch's bmm (MKL on the CPU): the reference the other engines are tested against.</summary>
public sealed class LibtorchBatchedProduct : IBatchedProduct
{
    public Tensor Multiply(Tensor a, Tensor b) => a.bmm(b);
}
