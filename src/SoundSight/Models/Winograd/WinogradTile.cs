namespace SoundSight.Models.Winograd;

/// <summary>
/// A Winograd minimal-filtering tile F(m x m, 3 x 3) (Lavin and Gray, 2016): an m x m block of a stride-1 3 x 3
/// convolution from (m + 2)^2 products per channel pair instead of 9 m^2. F(4 x 4) does a quarter of the direct
/// multiplications but stores its transformed weights four times the size of the kernel; F(2 x 2) does 4/9 of them
/// and stores 16/9 of the kernel. Both are exact in real arithmetic; in float32 they differ from a direct
/// convolution by rounding only (about 3e-6 relative on a ResNet-18's output, tested).
/// </summary>
public sealed class WinogradTile
{
    // The interpolation points 0, +-1, +-2 and infinity (F4) and 0, +-1 and infinity (F2), as in Lavin and Gray.
    private static readonly double[,] KernelTransform4 =
    {
        { 1 / 4.0, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 },
        { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 },
    };

    private static readonly double[,] KernelTransform2 = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };

    // Points 0, +-1, 2 and infinity; the data transforms are in WinogradTransforms (B^T and A^T are integer).
    private static readonly double[,] KernelTransform3 =
    {
        { 1 / 2.0, 0, 0 }, { -1 / 2.0, -1 / 2.0, -1 / 2.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 }, { 1 / 6.0, 1 / 3.0, 2 / 3.0 }, { 0, 0, 1 },
    };

    public static readonly WinogradTile F2 = new(2, KernelTransform2);

    public static readonly WinogradTile F3 = new(3, KernelTransform3);

    public static readonly WinogradTile F4 = new(4, KernelTransform4);

    private WinogradTile(int outputSide, double[,] kernelTransform)
    {
        OutputSide = outputSide;
        KernelTransform = kernelTransform;
    }

    /// <summary>m: the side of the output block one tile produces.</summary>
    public int OutputSide { get; }

    /// <summary>m + 2: the side of the input patch a tile reads (patches of neighbouring tiles overlap by 2).</summary>
    public int InputSide => OutputSide + 2;

    /// <summary>(m + 2)^2: how many independent channel products (GEMMs) a tile needs.</summary>
    public int Products => InputSide * InputSide;

    /// <summary>G, the (m + 2) x 3 kernel transform: U = G g G^T.</summary>
    public double[,] KernelTransform { get; }

    /// <summary>Tiles over a [B, H, W] map: B ceil(H / m) ceil(W / m).</summary>
    public long TilesOver(long batch, long height, long width) =>
        batch * ((height + OutputSide - 1) / OutputSide) * ((width + OutputSide - 1) / OutputSide);

    /// <summary>
    /// The tile for a convolution over a [B, H, W] map. A product's transformed weights (Products x C x K floats) are
    /// read from memory once per call, as many bytes per tile-row of work at every channel count, so each tile costs
    /// Products x max(tiles, <see cref="StreamingTiles"/>): below that many tiles the product waits for its weights.
    /// With the default (40) this picks F4 for the large maps of layers 1 and 2 and for batches of several pictures,
    /// F2 for one picture's 14 x 14 maps and F3 for one spectrogram's 17 x 19 ones, the choices `bench localize
    /// --profile` measured with libtorch's and ONNX Runtime's products; with SoundSight's AVX-512 kernel (30) F3
    /// for both (docs/speed.md).
    /// </summary>
    /// <param name="streamingTiles">The product engine's <see cref="IBatchedProduct.StreamingTiles"/>.</param>
    public static WinogradTile For(long batch, long height, long width, long streamingTiles = StreamingTiles)
    {
        var best = F2;
        foreach (var tile in (ReadOnlySpan<WinogradTile>)[F3, F4])
        {
            if (tile.Cost(batch, height, width, streamingTiles) < best.Cost(batch, height, width, streamingTiles))
            {
                best = tile;
            }
        }
        return best;
    }

    private long Cost(long batch, long height, long width, long streamingTiles) => Products * Math.Max(TilesOver(batch, height, width), streamingTiles);

    /// <summary>
    /// Tiles below which a 512-channel product is bound by streaming its weights: this machine's matrix products
    /// run at about 300 GFLOP/s (2 cores) and weights stream at about 15 GB/s (scratch timings on the Xeon machine of
    /// docs/speed.md), a ratio of 40 tiles; the choices it makes are checked by the profile there.
    /// </summary>
    public const long StreamingTiles = 40;
}
