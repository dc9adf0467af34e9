using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// One stride-1, padding-1, 3 x 3 convolution (BatchNorm already folded in) computed the Winograd way on
/// channels-last tensors: transform the input patches (<see cref="WinogradTransforms"/>), one batched matrix
/// product per transformed position (<see cref="IBatchedProduct"/>: libtorch's bmm, ONNX Runtime's MatMul or
/// SoundSight's AVX-512 kernel),
/// transform back, adding the bias, an
/// optional residual and ReLU in the same pass.
/// </summary>
internal sealed class WinogradConvolution : IDisposable
{
    private readonly WinogradTile? _forcedTile;
    private readonly Tensor _kernel;
    private readonly Lazy<Tensor> _f2;
    private readonly Lazy<Tensor> _f3;
    private readonly Lazy<Tensor> _f4;
    private readonly float[] _bias;
    private readonly IBatchedProduct _products;

    // Scratch of ApplyFused, one pair per worker thread of a call, kept for the next call (see NativeFloatBuffer).
    private readonly ConcurrentBag<(NativeFloatBuffer V, NativeFloatBuffer M)> _blockBuffers = [];

    /// <param name="tile">F2, F3 or F4 for every input; null picks per input (<see cref="WinogradTile.For"/>).</param>
    /// <param name="products">What computes the batched products (not owned); null: libtorch's bmm.</param>
    public WinogradConvolution(Tensor weight, Tensor bias, WinogradTile? tile = null, IBatchedProduct? products = null)
    {
        _products = products ?? new LibtorchBatchedProduct();
        if (weight.dim() != 4 || weight.shape[2] != 3 || weight.shape[3] != 3)
        {
            throw new ArgumentException($"expected a [K, C, 3, 3] kernel, got [{string.Join(", ", weight.shape)}]", nameof(weight));
        }
        InputChannels = weight.shape[1];
        OutputChannels = weight.shape[0];
        if (InputChannels % WinogradTransforms.Lanes != 0 || OutputChannels % WinogradTransforms.Lanes != 0)
        {
            throw new ArgumentException($"channels must be multiples of {WinogradTransforms.Lanes}, got {InputChannels} -> {OutputChannels}", nameof(weight));
        }
        _forcedTile = tile;
        _bias = bias.to(float32).contiguous().data<float>().ToArray();
        // Kept outside any dispose scope: a tile's weights may first be made inside a forward pass's scope.
        _kernel = weight.detach().to(float32).clone().DetachFromDisposeScope();
        _f2 = new Lazy<Tensor>(() => TransformKernel(_kernel, WinogradTile.F2, _products));
        _f3 = new Lazy<Tensor>(() => TransformKernel(_kernel, WinogradTile.F3, _products));
        _f4 = new Lazy<Tensor>(() => TransformKernel(_kernel, WinogradTile.F4, _products));
        if (tile is not null)
        {
            // The tile does not depend on the input: made now, so that a first call pays no transform.
            _ = Weights(tile);
        }
    }

    public long InputChannels { get; }

    public long OutputChannels { get; }

    /// <summary>The tile <see cref="Apply"/> uses for a [B, H, W, C] input.</summary>
    public WinogradTile TileFor(long batch, long height, long width) =>
        _forcedTile ?? WinogradTile.For(batch, height, width, _products.StreamingTiles);

    /// <summary>
    /// x: [B, H, W, C] contiguous float32 (channels last). Returns a new [B, H, W, K] tensor holding
    /// conv(x) + bias (+ residual, same layout as the output) (then ReLU when asked).
    /// </summary>
    public Tensor Apply(Tensor x, Tensor? residual, bool relu, int threads)
    {
        var tile = TileFor(x.shape[0], x.shape[1], x.shape[2]);
        if (_products is Avx512BatchedProduct && Weights(tile).dim() == 4 && WeightBytes(tile) <= FusedWeightBytes)
        {
            return ApplyFused(x, tile, residual, relu, threads);
        }
        using var transformedInput = TransformInput(x, tile, threads);
        using var products = Products(transformedInput, tile);
        return TransformOutput(products, tile, x.shape, residual, relu, threads);
    }

    /// <summary>
    /// Transformed weights up to this size (layer1's F4: 0.6 MB) stay in a core's cache over a whole call, so
    /// <see cref="ApplyFused"/> can re-read them for every block of tiles; larger ones (1.2 MB and up) are streamed
    /// once per call by the three-pass path instead.
    /// </summary>
    internal const long FusedWeightBytes = 1 << 20;

    /// <summary>Tiles per block of <see cref="ApplyFused"/> at least (whole tile rows): two of the product kernel's 6-row blocks.</summary>
    private const int FusedBlockTiles = 12;

    /// <summary>
    /// <see cref="Apply"/> a block of tile rows at a time on the AVX-512 kernel: each thread transforms its block's
    /// patches, multiplies them and transforms them back while they are in its cache, instead of writing every
    /// tile's (m + 2)^2 transformed values to memory and reading them back twice (on layer1 those two passes took
    /// longer than the products; docs/speed.md).
    /// </summary>
    private unsafe Tensor ApplyFused(Tensor x, WinogradTile tile, Tensor? residual, bool relu, int threads)
    {
        var grid = Grid(tile, x.shape);
        var tileRows = grid.Batch * grid.TileRows;
        var rowsPerBlock = Math.Max(1, (FusedBlockTiles + grid.TileColumns - 1) / grid.TileColumns);
        var blocks = (tileRows + rowsPerBlock - 1) / rowsPerBlock;
        var blockTiles = rowsPerBlock * grid.TileColumns;
        var (inputs, outputs, products) = ((int)InputChannels, (int)OutputChannels, tile.Products);
        var weights = Weights(tile);
        var panels = (int)weights.shape[1];
        var y = empty(grid.Batch, grid.Height, grid.Width, OutputChannels);
        fixed (byte* input = x.bytes)
        fixed (byte* packed = weights.bytes)
        fixed (float* bias = _bias)
        fixed (byte* r = residual is null ? default : residual.bytes)
        fixed (byte* output = y.bytes)
        {
            float* source = (float*)input, u = (float*)packed, biases = bias, skip = residual is null ? null : (float*)r, target = (float*)output;
            Parallel.For(
                0,
                blocks,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
                () => _blockBuffers.TryTake(out var kept) ? kept : (V: new NativeFloatBuffer(), M: new NativeFloatBuffer()),
                (block, _, buffers) =>
                {
                    var first = block * rowsPerBlock;
                    var rows = Math.Min(rowsPerBlock, tileRows - first);
                    float* v = buffers.V.AtLeast((long)products * blockTiles * inputs), m = buffers.M.AtLeast((long)products * blockTiles * outputs);
                    WinogradTransforms.InputRows(tile, source, v, grid, inputs, first, rows);
                    Avx512BatchedProduct.MultiplyOnThisThread(v, products, rows * grid.TileColumns, inputs, u, panels, m);
                    WinogradTransforms.OutputRows(tile, m, biases, skip, target, grid, outputs, relu, first, rows);
                    return buffers;
                },
                _blockBuffers.Add);
        }
        return y;
    }

    // Apply's three parts, separate so that `bench localize --profile` can time each of them.

    /// <summary>V = B^T d B for every tile of x ([B, H, W, C]): [(m + 2)^2, tiles, C].</summary>
    internal unsafe Tensor TransformInput(Tensor x, WinogradTile tile, int threads)
    {
        var grid = Grid(tile, x.shape);
        var transformedInput = empty(tile.Products, grid.Tiles, InputChannels);
        fixed (byte* input = x.bytes)
        fixed (byte* v = transformedInput.bytes)
        {
            WinogradTransforms.Input(tile, (float*)input, (float*)v, grid, (int)InputChannels, threads);
        }
        return transformedInput;
    }

    /// <summary>One matrix product per transformed position: [(m + 2)^2, tiles, K].</summary>
    internal Tensor Products(Tensor transformedInput, WinogradTile tile) => _products.Multiply(transformedInput, Weights(tile));

    /// <summary>Y = A^T M A + bias (+ residual) (then ReLU), as [B, H, W, K] for an input of the given shape.</summary>
    internal unsafe Tensor TransformOutput(Tensor products, WinogradTile tile, long[] inputShape, Tensor? residual, bool relu, int threads)
    {
        var grid = Grid(tile, inputShape);
        var y = empty(grid.Batch, grid.Height, grid.Width, OutputChannels);
        fixed (byte* p = products.bytes)
        fixed (float* bias = _bias)
        fixed (byte* r = residual is null ? default : residual.bytes)
        fixed (byte* output = y.bytes)
        {
            WinogradTransforms.Output(tile, (float*)p, bias, residual is null ? null : (float*)r, (float*)output, grid, (int)OutputChannels, relu, threads);
        }
        return y;
    }

    /// <summary>The bytes of the transformed weights <see cref="Products"/> reads for this tile.</summary>
    internal long WeightBytes(WinogradTile tile) => Weights(tile).numel() * sizeof(float);

    private static WinogradTransforms.TileGrid Grid(WinogradTile tile, long[] shape)
    {
        var (b, h, w) = ((int)shape[0], (int)shape[1], (int)shape[2]);
        var m = tile.OutputSide;
        return new WinogradTransforms.TileGrid(b, h, w, (h + m - 1) / m, (w + m - 1) / m);
    }

    private Tensor Weights(WinogradTile tile) => (tile.OutputSide switch { 2 => _f2, 3 => _f3, _ => _f4 }).Value;

    /// <summary>
    /// U = G g G^T for every (output, input) channel pair, as [(m + 2)^2, C, K] in the layout the product engine reads
    /// (<see cref="IBatchedProduct.Prepare"/>). The transform matrix G is in double, the product in float32: its
    /// rounding, about 1e-7 relative, is far below the float32 data transforms'.
    /// </summary>
    private static Tensor TransformKernel(Tensor weight, WinogradTile tile, IBatchedProduct products)
    {
        using var scope = NewDisposeScope();
        var a = tile.InputSide;
        var g = tile.KernelTransform;
        // Row-major vec(G g G^T) = (G (x) G) vec(g).
        var kron = new double[a * a * 9];
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < a; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    for (var l = 0; l < 3; l++)
                    {
                        kron[(((i * a) + j) * 9) + (k * 3) + l] = g[i, k] * g[j, l];
                    }
                }
            }
        }
        var (outputs, inputs) = (weight.shape[0], weight.shape[1]);
        // The kernel is laid out [9, C, K] first (a copy of the small tensor), so that the product comes out in the
        // layout the matrix products read: permuting the (m + 2)^2 / 9 times larger result instead, in double, cost
        // seconds per localizer built (the copies and their page faults; a CLI call on a few pictures paid them).
        var kernel = weight.to(float32).reshape(outputs, inputs, 9).permute(2, 1, 0).reshape(9, inputs * outputs);
        var u = tensor(kron, [a * a, 9]).to(float32).matmul(kernel);
        return products.Prepare(u.view(a * a, inputs, outputs)).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        while (_blockBuffers.TryTake(out var buffers))
        {
            buffers.V.Dispose();
            buffers.M.Dispose();
        }
        _kernel.Dispose();
        foreach (var transformed in new[] { _f2, _f3, _f4 }.Where(t => t.IsValueCreated))
        {
            transformed.Value.Dispose();
        }
    }
}
