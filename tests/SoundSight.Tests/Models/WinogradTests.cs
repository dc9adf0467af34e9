using SoundSight.Models;
using SoundSight.Models.Onnx;
using SoundSight.Models.Winograd;
using static TorchSharp.torch;

namespace SoundSight.Tests.Models;

/// <summary>
/// The Winograd backend against libtorch's direct convolution and pooling, piece by piece and as a whole tower, with
/// its products on each engine (libtorch's bmm, ONNX Runtime's MatMul and SoundSight's AVX-512 kernel where the CPU
/// has AVX-512).
/// </summary>
public sealed class WinogradTests : IClassFixture<GoldenModel>
{
    private readonly GoldenModel _golden;

    public WinogradTests(GoldenModel golden)
    {
        _golden = golden;
    }

    [Theory]
    // Sides that are and are not multiples of the tile, one-pixel maps, batches, residual on and off.
    [InlineData(4, 1, 16, 16, 8, 8, true, true)]
    [InlineData(4, 2, 32, 16, 13, 10, true, false)]
    [InlineData(4, 1, 16, 48, 1, 1, false, true)]
    [InlineData(4, 3, 16, 16, 5, 7, false, false)]
    [InlineData(3, 1, 16, 16, 9, 9, true, true)]
    [InlineData(3, 2, 32, 16, 14, 14, true, false)]
    [InlineData(3, 1, 16, 32, 17, 19, false, true)]
    [InlineData(3, 1, 16, 16, 2, 1, false, false)]
    [InlineData(2, 1, 16, 32, 9, 10, true, true)]
    [InlineData(2, 2, 32, 16, 7, 4, false, true)]
    [InlineData(2, 1, 16, 16, 1, 3, true, false)]
    // Output channels in whole 64-column panels, which the AVX-512 kernel packs (fewer go to bmm).
    [InlineData(2, 1, 16, 64, 9, 10, true, true)]
    [InlineData(3, 2, 32, 128, 14, 14, false, true)]
    [InlineData(4, 1, 64, 64, 13, 10, true, false)]
    public void ConvolutionEqualsTheDirectOne(int tileSide, int batch, int inputs, int outputs, int height, int width, bool residual, bool relu)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(17);
        var x = randn([batch, inputs, height, width], generator: generator);
        var weight = randn([outputs, inputs, 3, 3], generator: generator) * 0.2;
        var bias = randn([outputs], generator: generator);
        var skip = randn([batch, outputs, height, width], generator: generator);
        var expected = nn.functional.conv2d(x.to(float64), weight.to(float64), bias.to(float64), padding: [1, 1]);
        if (residual)
        {
            expected = expected + skip.to(float64);
        }
        if (relu)
        {
            expected = nn.functional.relu(expected);
        }

        using var onnx = new OnnxBatchedProduct(threads: 2);
        foreach (var engine in Engines(onnx))
        {
            using var conv = new WinogradConvolution(weight, bias, tileSide switch { 4 => WinogradTile.F4, 3 => WinogradTile.F3, _ => WinogradTile.F2 }, engine);
            var y = conv.Apply(Nhwc(x), residual ? Nhwc(skip) : null, relu, threads: 2).permute(0, 3, 1, 2);

            Assert.Equal(expected.shape, y.shape);
            var error = (y.to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
            Assert.True(error < 1e-5, $"{engine.GetType().Name}: relative error {error:E2}"); // F4 rounds about ten times worse than a direct float32 sum
        }
    }

    [Fact]
    public void OnnxRuntimeProductsEqualLibtorchsAndRefuseMismatchedShapes()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(9);
        var a = randn([36, 13, 48], generator: generator);
        var b = randn([36, 48, 32], generator: generator);
        using var onnx = new OnnxBatchedProduct(threads: 2);
        var expected = a.to(float64).bmm(b.to(float64));
        var error = (onnx.Multiply(a, b).to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        Assert.True(error < 1e-6, $"relative error {error:E2}");
        Assert.Throws<ArgumentException>(() => onnx.Multiply(a, randn([36, 47, 32])));
        // The right shape, but not contiguous: ONNX Runtime would read it in the wrong order.
        Assert.Throws<ArgumentException>(() => onnx.Multiply(a, randn([36, 32, 48]).permute(0, 2, 1)));
    }

    [SkippableFact]
    public void Avx512ProductsEqualLibtorchsAndRefuseMismatchedShapes()
    {
        Skip.IfNot(Avx512BatchedProduct.IsSupported, "this CPU has no AVX-512F");
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(9);
        var engine = new Avx512BatchedProduct(threads: 2);
        // 13 rows: two blocks of six and one row left over; 128 columns: two panels.
        var a = randn([36, 13, 48], generator: generator);
        var b = randn([36, 48, 128], generator: generator);
        using var packed = engine.Prepare(b);
        Assert.Equal(new long[] { 36, 2, 48, 64 }, packed.shape);
        var expected = a.to(float64).bmm(b.to(float64));
        var error = (engine.Multiply(a, packed).to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        Assert.True(error < 1e-6, $"relative error {error:E2}");
        // Columns that do not fill a panel stay unpacked and go to bmm.
        var narrow = randn([36, 48, 32], generator: generator);
        Assert.Same(narrow, engine.Prepare(narrow));
        Assert.Equal(0.0, (engine.Multiply(a, narrow) - a.bmm(narrow)).abs().max().item<float>());
        Assert.Throws<ArgumentException>(() => engine.Multiply(randn([36, 13, 47]), packed));
        Assert.Throws<ArgumentException>(() => engine.Multiply(randn([36, 48, 13]).permute(0, 2, 1), packed));
    }

    /// <summary>Every engine of the batched products on this CPU.</summary>
    private static IEnumerable<IBatchedProduct> Engines(OnnxBatchedProduct onnx)
    {
        yield return new LibtorchBatchedProduct();
        yield return onnx;
        if (Avx512BatchedProduct.IsSupported)
        {
            yield return new Avx512BatchedProduct(threads: 2);
        }
    }

    [Theory]
    [InlineData(1, 16, 129, 150)]
    [InlineData(2, 32, 8, 9)]
    [InlineData(1, 16, 1, 2)]
    public void PoolingEqualsLibtorchReluThenMaxPool(int batch, int channels, int height, int width)
    {
        using var scope = NewDisposeScope();
        var x = randn([batch, channels, height, width], generator: new TorchSharp.torch.Generator(3));
        var expected = nn.functional.max_pool2d(nn.functional.relu(x), kernel_size: 3, stride: 2, padding: 1);
        var y = ChannelsLastMaxPool.ReluThenPool(Nhwc(x), threads: 2).permute(0, 3, 1, 2);
        Assert.Equal(expected.shape, y.shape);
        Assert.Equal(0.0, (y - expected).abs().max().item<float>());
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 3)] // several sounds for one picture: the audio tower runs a batch
    public void TowersEqualTheFoldedOnes(int pictures, int sounds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var generator = new TorchSharp.torch.Generator(5);
        var images = randn([pictures, 3, 224, 224], generator: generator);
        var spectrograms = randn([sounds, 1, 257, 299], generator: generator);
        using var onnx = new OnnxBatchedProduct(threads: 2);
        foreach (var (encoder, input) in new[] { (_golden.Model.VisionEncoder, images), (_golden.Model.AudioEncoder, spectrograms) })
        {
            using var folded = new FoldedResNet18(encoder);
            var expected = folded.Forward(input);
            foreach (var engine in Engines(onnx))
            {
                using var winograd = new WinogradResNet18(folded, threads: 2, engine);
                var y = winograd.Forward(input);
                Assert.Equal(expected.shape, y.shape);
                var error = (y - expected).abs().max().item<float>() / expected.abs().max().item<float>();
                Assert.True(error < 2e-5, $"{encoder.Modality}, {engine.GetType().Name}: relative error {error:E2}");
            }
        }
    }

    /// <summary>
    /// The EZ-VSL family's torchvision towers (layer4 strided, so its 1 x 1 shortcut has stride 2) in a batch of four:
    /// libtorch's conv2d of the channels-last view summed that shortcut wrongly on an AMD EPYC (docs/protocol.md).
    /// </summary>
    [Fact]
    public void TorchvisionTowersEqualTheFoldedOnesInABatch()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        using var network = new SoundSight.Methods.EzVsl.EzVslNetwork();
        network.eval();
        var generator = new TorchSharp.torch.Generator(7);
        foreach (var (fold, input) in new[] { (network.Towers.FoldVision, randn([4, 3, 224, 224], generator: generator)), (network.Towers.FoldAudio, randn([4, 1, 257, 200], generator: generator)) })
        {
            using var folded = fold();
            using var onnx = new OnnxBatchedProduct(threads: 2);
            var expected = folded.Forward(input);
            foreach (var engine in Engines(onnx).Skip(1))
            {
                using var winograd = new WinogradResNet18(folded, threads: 2, engine);
                var y = winograd.Forward(input);
                Assert.Equal(expected.shape, y.shape);
                var error = (y - expected).abs().max().item<float>() / expected.abs().max().item<float>();
                Assert.True(error < 2e-5, $"[{string.Join(", ", input.shape)}], {engine.GetType().Name}: relative error {error:E2}");
            }
        }
    }

    [Fact]
    public void TheTileFollowsTheMapAndTheBatch()
    {
        Assert.Same(WinogradTile.F4, WinogradTile.For(1, 56, 56)); // layer1
        Assert.Same(WinogradTile.F4, WinogradTile.For(1, 65, 75));
        Assert.Same(WinogradTile.F4, WinogradTile.For(1, 28, 28)); // layer2
        Assert.Same(WinogradTile.F2, WinogradTile.For(1, 14, 14)); // layers 3 and 4, one picture
        Assert.Same(WinogradTile.F3, WinogradTile.For(1, 17, 19)); // one spectrogram
        Assert.Same(WinogradTile.F4, WinogradTile.For(4, 14, 14));
        Assert.Same(WinogradTile.F4, WinogradTile.For(8, 17, 19));
        Assert.Equal(25, WinogradTile.F3.TilesOver(1, 14, 14));
        using var scope = NewDisposeScope();
        using var conv = new WinogradConvolution(zeros(512, 16, 3, 3), zeros(512));
        Assert.Same(WinogradTile.F2, conv.TileFor(1, 14, 14));
        Assert.Same(WinogradTile.F4, conv.TileFor(4, 14, 14));
        // SoundSight's AVX-512 kernel hides its weights' streaming behind fewer tiles: F3 at one picture's 14 x 14 too.
        Assert.Same(WinogradTile.F3, WinogradTile.For(1, 14, 14, streamingTiles: Avx512BatchedProduct.KernelStreamingTiles));
        Assert.Same(WinogradTile.F3, WinogradTile.For(1, 17, 19, streamingTiles: Avx512BatchedProduct.KernelStreamingTiles));
        Assert.Same(WinogradTile.F4, WinogradTile.For(1, 28, 28, streamingTiles: Avx512BatchedProduct.KernelStreamingTiles));
        Assert.Same(WinogradTile.F4, WinogradTile.For(4, 14, 14, streamingTiles: Avx512BatchedProduct.KernelStreamingTiles));
        Assert.Same(WinogradTile.F4, WinogradTile.For(8, 17, 19, streamingTiles: Avx512BatchedProduct.KernelStreamingTiles));
    }

    [SkippableFact]
    public void TheAvx512KernelsConvolutionsTakeItsStreamingRule()
    {
        Skip.IfNot(Avx512BatchedProduct.IsSupported, "this CPU has no AVX-512F");
        using var scope = NewDisposeScope();
        var engine = new Avx512BatchedProduct(threads: 2);
        using var conv = new WinogradConvolution(zeros(512, 16, 3, 3), zeros(512), products: engine);
        Assert.Same(WinogradTile.F3, conv.TileFor(1, 14, 14));
        Assert.Same(WinogradTile.F3, conv.TileFor(1, 17, 19));
        Assert.Same(WinogradTile.F4, conv.TileFor(8, 14, 14));
    }

    [Fact]
    public void BatchesLargeEnoughForF4AtFiveHundredTwelveChannelsGiveTheOnePictureResults()
    {
        // The same weights through F2 (one 14 x 14 picture) and F4 (a batch of four, made on first use inside a scope).
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var generator = new TorchSharp.torch.Generator(11);
        var weight = randn([512, 16, 3, 3], generator: generator) * 0.1;
        var bias = randn([512], generator: generator);
        var x = randn([4, 14, 14, 16], generator: generator);
        using var conv = new WinogradConvolution(weight, bias);
        Tensor batched;
        using (NewDisposeScope())
        {
            batched = conv.Apply(x, residual: null, relu: false, threads: 2).MoveToOuterDisposeScope();
        }
        var again = conv.Apply(x, residual: null, relu: false, threads: 2); // F4 weights still alive after that scope
        Assert.Equal(0.0, (again - batched).abs().max().item<float>());
        for (var b = 0; b < 4; b++)
        {
            var single = conv.Apply(x[b..(b + 1)].contiguous(), residual: null, relu: false, threads: 2);
            var error = (single - batched[b..(b + 1)]).abs().max().item<float>() / single.abs().max().item<float>();
            Assert.True(error < 1e-5, $"picture {b}: relative error {error:E2}");
        }
    }

    [Fact]
    public void KernelsMustBeThreeByThreeWithWholeVectorsOfChannels()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new WinogradConvolution(zeros(16, 16, 1, 1), zeros(16)));
        Assert.Throws<ArgumentException>(() => new WinogradConvolution(zeros(16, 3, 3, 3), zeros(16)));
    }

    private static Tensor Nhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous();
}
