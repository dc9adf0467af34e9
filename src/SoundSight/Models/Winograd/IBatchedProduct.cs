using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>The batched matrix products of a Winograd convolution: [P, M, K] x [P, K, N] -> [P, M, N], float32 on the CPU.</summary>
public interface IBatchedProduct
{
    /// <summary>
    /// The right operands [P, K, N] (a convolution's transformed weights, made once) in the layout
    /// <see cref="Multiply"/> reads: the same tensor where the engine reads [P, K, N] as it is, else a new one (the
    /// caller disposes both).
    /// </summary>
    Tensor Prepare(Tensor b) => b;

    /// <summary>
    /// Tiles below which this engine's products wait for their weights to stream from memory
    /// (<see cref="WinogradTile.For"/>): how the engine hides the weights' reading behind few rows of work.
    /// </summary>
    long StreamingTiles => WinogradTile.StreamingTiles;

    /// <summary>A new [P, M, N] tensor (caller disposes); a contiguous, b as <see cref="Prepare"/> made it.</summary>
    Tensor Multiply(Tensor a, Tensor b);
}
