using System.Diagnostics;
using System.Globalization;
using SoundSight.Models;
using SoundSight.Models.Winograd;
using static TorchSharp.torch;

namespace SoundSight.Cli.Benchmarks;

/// <summary>
/// Where the Winograd towers spend a pair's time: median milliseconds per stage (stem with pooling, then each
/// basic block) over repeated passes at the official input sizes, for the per-layer tile choice and for F4
/// everywhere, beside the direct (folded libtorch) towers' totals. Prints a Markdown table.
/// </summary>
public static class WinogradProfile
{
    public static void Print(int threads, int passes)
    {
        using var model = new SoundLocalizationModel();
        DeterministicWeights.Apply(model, 1);
        model.eval();
        using var mode = inference_mode();
        using var image = randn(1, 3, 224, 224);
        using var spectrogram = randn(1, 1, 257, 299);
        var c = CultureInfo.InvariantCulture;
        System.Console.WriteLine($"| stage | vision output | vision, per-layer tiles (ms) | vision, F4 everywhere (ms) | audio output | audio, per-layer tiles (ms) | audio, F4 everywhere (ms) |");
        System.Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        var rows = new List<string[]>();
        var totals = new List<double>();
        foreach (var (encoder, input) in new[] { (model.VisionEncoder, image), (model.AudioEncoder, spectrogram) })
        {
            using var folded = new FoldedResNet18(encoder);
            using var perLayer = new WinogradResNet18(folded, threads, tile: null);
            using var f4 = new WinogradResNet18(folded, threads, WinogradTile.F4);
            var (names, shapes, a) = Stages(perLayer, input, passes);
            var (_, _, b) = Stages(f4, input, passes);
            var direct = Time(() => folded.Forward(input), passes);
            for (var i = 0; i < names.Count; i++)
            {
                if (rows.Count <= i)
                {
                    rows.Add([names[i], "", "", "", "", "", ""]);
                }
                var offset = totals.Count == 0 ? 1 : 4;
                rows[i][offset] = string.Join(" x ", shapes[i].Skip(1)); // [B, H, W, C]: H x W x C
                rows[i][offset + 1] = a[i].ToString("0.00", c);
                rows[i][offset + 2] = b[i].ToString("0.00", c);
            }
            totals.AddRange([a.Sum(), b.Sum(), direct]);
        }
        foreach (var r in rows)
        {
            System.Console.WriteLine("| " + string.Join(" | ", r) + " |");
        }
        System.Console.WriteLine(string.Format(c, "| sum of stage medians | | {0:0.0} | {1:0.0} | | {3:0.0} | {4:0.0} |", totals[0], totals[1], totals[2], totals[3], totals[4]));
        System.Console.WriteLine(string.Format(c, "| direct convolutions (folded, libtorch), whole tower | | {0:0.0} | | | {1:0.0} | |", totals[2], totals[5]));
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
        return (names, shapes, [.. samples.Select(s => LocalizeBenchmark.Median(s))]);
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
        return LocalizeBenchmark.Median(times);
    }
}
