using System.Diagnostics;
using System.Globalization;
using SoundSight.Models;
using SoundSight.Models.Winograd;
using static TorchSharp.torch;

namespace SoundSight.Cli.Speed;

/// <summary>
/// Where the Winograd towers spend a pair's time: median milliseconds per stage (stem with pooling, then each
/// basic block) over repeated passes at the official input sizes, for the per-layer tile choice and for each tile
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
                using var winograd = new WinogradResNet18(folded, threads, tiles[k]);
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
