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

    public static readonly WinogradTile F2 = new(2, KernelTransform2);

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

    /// <summary>
    /// The tile for a convolution with this many output channels over this many F4 tiles (all pictures of the
    /// batch). Measured on this project's 2-core machines (docs/benchmarks.md): F4 is faster up to 256 channels; at
    /// 512 its transformed weights (36 x 512 x 512 floats, 38 MB a convolution) are streamed from memory for the 16
    /// (vision) or 25 (audio) tiles of one picture, and F2 is as fast or faster with 17 MB; from a batch of 4
    /// pictures on, the weights serve enough tiles for F4's fewer products to win (batch 8: about a fifth faster).
    /// </summary>
    public static WinogradTile For(long outputChannels, long f4Tiles) =>
        outputChannels >= 512 && f4Tiles < MinimumF4TilesAt512 ? F2 : F4;

    /// <summary>Four pictures' worth at 224 px (4 x 16 tiles of the 14 x 14 map).</summary>
    public const long MinimumF4TilesAt512 = 64;
}
