using System.Diagnostics;
using System.Globalization;
using SoundSight.Models;
using SoundSight.Models.Onnx;
using SoundSight.Models.Winograd;
using static TorchSharp.torch;

namespace SoundSight.Cli.Speed;

/// <summary>
/// Where the Winograd towers spend a pair's time: median milliseconds per stage (stem with pooling, then each
/// basic block) over repeated passes at the official input sizes, for the per-layer tile choice and for each tile
/// everywhere, beside the direct (folded libtorch) towers' totals; then one convolution of each stage cut into its parts. Prints Markdown tables.
/// </summary>
public static class WinogradProfile
{
    public static void Print(int threads, int passes)
    {
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 1);
        model.eval();
        using var mode = inference_mode();
        using var image = randn(1, 3, 224, 224);
        using var spectrogram = randn(1, 1, 257, 299);
        // The towers' products as the Winograd backend runs them on this CPU (BackendEncoders).
        var products = Localization.WinogradProductEngine.ForThisCpu(threads);
        using var owned = products as IDisposable;
        System.Console.WriteLine($"Stages with the batched products of this CPU: {Localization.WinogradProductEngine.DescribeForThisCpu()}");
        System.Console.WriteLine();
        var c = CultureInfo.InvariantCulture;
        WinogradTile?[] tiles = [null, WinogradTile.F2, WinogradTile.F3, WinogradTile.F4];
        string Headings(string tower) => string.Join(" | ", tiles.Select(t => t is null ? $"{tower}, per-layer tiles" : $"F{t.OutputSide} everywhere"));
        System.Console.WriteLine($"| stage | vision output | {Headings("vision")} | audio output | {Headings("audio")} |");
        System.Console.WriteLine("|" + string.Concat(Enumerable.Repeat(" --- |", 3 + (2 * tiles.Length))));
        var rows = new List<string[]>();
        var totals = new List<double>();
        var direct = new List<double>();
        var tower = 0;
        foreach (var (encoder, input) in new[] { (model.VisionEncoder, image), (model.AudioEncoder, spectrogram) })
        {
            using var folded = new FoldedResNet18(encoder);
            for (var k = 0; k < tiles.Length; k++)
            {
                using var winograd = new WinogradResNet18(folded, threads, tiles[k], products);
                var (names, shapes, medians) = Stages(winograd, input, passes);
                for (var i = 0; i < names.Count; i++)
                {
                    if (rows.Count <= i)
                    {
                        rows.Add([names[i], .. Enumerable.Repeat("", 2 + (2 * tiles.Length))]);
                    }
                    var offset = 1 + (tower * (1 + tiles.Length));
                    rows[i][offset] = string.Join(" x ", shapes[i].Skip(1)); // [B, H, W, C]: H x W x C
                    rows[i][offset + 1 + k] = medians[i].ToString("0.00", c);
                }
                totals.Add(medians.Sum());
            }
            direct.Add(Time(() => folded.Forward(input), passes));
            tower++;
        }
        foreach (var r in rows)
        {
            System.Console.WriteLine("| " + string.Join(" | ", r) + " |");
        }
        var sums = totals.Select(t => t.ToString("0.0", c)).ToArray();
        System.Console.WriteLine($"| sum of stage medians | | {string.Join(" | ", sums.Take(tiles.Length))} | | {string.Join(" | ", sums.Skip(tiles.Length))} |");
        var blanks = string.Concat(Enumerable.Repeat(" |", tiles.Length - 1));
        System.Console.WriteLine(string.Format(c, "| direct convolutions (folded, libtorch), whole tower | | {0:0.0} |{2} | {1:0.0} |{2}", direct[0], direct[1], blanks));
        System.Console.WriteLine();
        using var onnx = new OnnxBatchedProduct(threads);
        PrintLayer4Parts(threads, passes, onnx);
    }

    /// <summary>
    /// One C-to-C convolution of each stage (random weights) cut into its three parts, for each tile and engine, beside libtorch's
    /// direct convolution: where the layer that takes half of each tower's time spends it, and at what rate its
    /// product computes (GFLOP/s) and reads its transformed weights (GB/s).
    /// </summary>
    private static void PrintLayer4Parts(int threads, int passes, OnnxBatchedProduct onnx)
    {
        var c = CultureInfo.InvariantCulture;
        System.Console.WriteLine("| convolution | tile | input transform (ms) | product (ms) | product GFLOP/s | transformed weights (MB) | weights read (GB/s) | output transform (ms) | whole (ms) |");
        System.Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, batch, height, width, channels) in new[]
        {
            ("layer1, 1 picture", 1, 56, 56, 64), ("layer2, 1 picture", 1, 28, 28, 128), ("layer3, 1 picture", 1, 14, 14, 256),
            ("layer4, 1 picture", 1, 14, 14, 512), ("layer4, 1 sound", 1, 17, 19, 512), ("layer4, 8 pictures", 8, 14, 14, 512),
        })
        {
            using var scope = NewDisposeScope();
            using var weight = randn(channels, channels, 3, 3) * 0.02;
            using var bias = zeros(channels);
            using var x = randn(batch, height, width, channels);
            foreach (var (tile, engine, engineName) in new[] { WinogradTile.F2, WinogradTile.F3, WinogradTile.F4 }
                .SelectMany(t => Engines(onnx, threads).Select(e => (t, e.Engine, e.Name))))
            {
                using var conv = new WinogradConvolution(weight, bias, tile, engine);
                var (input, product, output) = (new List<double>(), new List<double>(), new List<double>());
                for (var pass = -3; pass < passes; pass++)
                {
                    var clock = Stopwatch.StartNew();
                    using var v = conv.TransformInput(x, tile, threads);
                    var t1 = clock.Elapsed.TotalMilliseconds;
                    using var m = conv.Products(v, tile);
                    var t2 = clock.Elapsed.TotalMilliseconds;
                    using var y = conv.TransformOutput(m, tile, x.shape, residual: null, relu: true, threads);
                    var t3 = clock.Elapsed.TotalMilliseconds;
                    if (pass >= 0)
                    {
                        input.Add(t1);
                        product.Add(t2 - t1);
                        output.Add(t3 - t2);
                    }
                }
                var (mi, mp, mo) = (LocalizeSpeedRun.Median(input), LocalizeSpeedRun.Median(product), LocalizeSpeedRun.Median(output));
                var flop = 2.0 * tile.Products * tile.TilesOver(batch, height, width) * channels * channels;
                var bytes = conv.WeightBytes(tile);
                System.Console.WriteLine(string.Format(c, "| {0} | F{1}, {9} | {2:0.00} | {3:0.00} | {4:0} | {5:0} | {6:0.0} | {7:0.00} | {8:0.00} |",
                    name, tile.OutputSide, mi, mp, flop / mp / 1e6, bytes / 1e6, bytes / mp / 1e6, mo, mi + mp + mo, engineName));
            }
            using var nchw = x.permute(0, 3, 1, 2);
            var direct = Time(() => nn.functional.conv2d(nchw, weight, bias, padding: [1, 1]), passes);
            var directFlop = 2.0 * batch * height * width * channels * channels * 9;
            System.Console.WriteLine(string.Format(c, "| {0} | direct (libtorch) | | | {1:0} | {2:0} | | | {3:0.00} |", name, directFlop / direct / 1e6, weight.numel() * 4 / 1e6, direct));
        }
    }

    private static IEnumerable<(IBatchedProduct Engine, string Name)> Engines(OnnxBatchedProduct onnx, int threads)
    {
        if (Avx512BatchedProduct.IsSupported)
        {
            yield return (new Avx512BatchedProduct(threads), "AVX-512 kernel");
        }
        yield return (onnx, "ONNX Runtime");
        yield return (new LibtorchBatchedProduct(), "libtorch bmm");
    }

    private static (List<string> Names, List<long[]> Shapes, double[] Medians) Stages(WinogradResNet18 tower, Tensor input, int passes)
    {
        var names = new List<string>();
        var shapes = new List<long[]>();
        var samples = new List<List<double>>();
        for (var pass = -3; pass < passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var stage = 0;
            using var y = tower.Forward(input, (name, shape) =>
            {
                var ms = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                if (pass < 0)
                {
                    return;
                }
                if (samples.Count <= stage)
                {
                    names.Add(name);
                    shapes.Add(shape);
                    samples.Add([]);
                }
                samples[stage++].Add(ms);
            });
        }
        return (names, shapes, [.. samples.Select(s => LocalizeSpeedRun.Median(s))]);
    }

    private static double Time(Func<Tensor> run, int passes)
    {
        var times = new List<double>();
        for (var pass = -3; pass < passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            run().Dispose();
            if (pass >= 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        return LocalizeSpeedRun.Median(times);
    }
}
