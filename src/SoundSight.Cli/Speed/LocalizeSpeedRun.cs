using System.Diagnostics;
using System.Text.Json.Serialization;
using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Models;

namespace SoundSight.Cli.Speed;

/// <summary>
/// Times the localize job as the official timing script times theirs (tools/bench/official_localize.py): from
/// files on disk to the normalised evaluation map, preprocessing included, no output written.
/// </summary>
public sealed class LocalizeSpeedRun
{
    private readonly string _image;
    private readonly string _audio;
    private readonly IPairLocalizer _localizer;
    private readonly ImageDecoder _decoder = new();

    /// <param name="method">Whose model, front ends and map rule run (formula weights; default the authors').</param>
    public LocalizeSpeedRun(string image, string audio, LocalizerOptions options, Methods.LocalizationMethod? method = null)
    {
        _image = image;
        _audio = audio;
        method ??= Methods.MethodRegistry.Get("ours");
        var model = method.CreateModel(new Methods.MethodOptions());
        DeterministicWeights.Apply(model, 1);
        _localizer = method.Wrap(model, method.Configure(options, null));
    }

    /// <param name="Map">The last single-pair evaluation map, to compare backends by.</param>
    public sealed record Result(double LatencyMsMedian, double[] LatencyMs, int Batch, double PairsPerSecondMedian, [property: JsonIgnore] float[] Map);

    public Result Run(int repeats, int batch)
    {
        // libtorch's oneDNN kernels take a few calls per input shape to settle; the reference script warms up alike.
        for (var i = 0; i < 3; i++)
        {
            RunPairs(1);
        }
        RunPairs(batch);
        var latencies = new double[repeats];
        float[] map = [];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            map = RunPairs(1)[0].EvaluationMap;
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        }
        var throughput = new double[Math.Max(3, repeats / 3)];
        for (var i = 0; i < throughput.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            RunPairs(batch);
            throughput[i] = batch / clock.Elapsed.TotalSeconds;
        }
        return new Result(Median(latencies), latencies, batch, Median(throughput), map);
    }

    private IReadOnlyList<PairLocalization> RunPairs(int count)
    {
        var pairs = new (RgbImage, AudioClip)[count];
        Parallel.For(0, count, i => pairs[i] = (_decoder.Decode(_image), AudioLoader.Load(_audio)));
        return count == 1 ? _localizer.Localize(pairs[0].Item1, [pairs[0].Item2]) : _localizer.LocalizePairs(pairs);
    }

    /// <summary>
    /// The default backend's choice (measured, or cached from an earlier measurement) for one pair and for a batch,
    /// for <paramref name="method"/>'s model with formula weights.
    /// </summary>
    public static (BackendChoice OnePair, BackendChoice Batch) DefaultChoices(Methods.LocalizationMethod method, int threads, int batch)
    {
        var model = method.CreateModel(new Methods.MethodOptions());
        DeterministicWeights.Apply(model, 1);
        using var localizer = method.Wrap(model, method.Configure(new LocalizerOptions { Threads = threads }, null));
        return (localizer.ChoiceFor(1), localizer.ChoiceFor(batch));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
