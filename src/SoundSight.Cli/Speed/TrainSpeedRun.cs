using System.Diagnostics;
using SoundSight.Media;
using SoundSight.Models;
using SoundSight.Runtime;
using SoundSight.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Cli.Speed;

/// <summary>
/// Times SoundSight's training step (the alignment method, three views, model only) on random inputs, the same
/// work tools/bench/official_train_step.py times in PyTorch; and the input pipeline alone (batches built per
/// second from real files) to show whether it keeps up.
/// </summary>
public static class TrainSpeedRun
{
    public static double StepPairsPerSecond(int batch, int imageSize, int frames, int steps, Device? device = null, string precision = EncoderPrecision.Float32)
    {
        var (model, adam, objective) = Trainable(device ?? CPU, precision);
        using var owned = model;
        using var ownedAdam = adam;
        var rng = new SeededRandom(5);
        float[] Random(int n)
        {
            var a = new float[n];
            for (var i = 0; i < n; i++)
            {
                a[i] = (float)((rng.NextDouble() * 2) - 1);
            }
            return a;
        }
        var image = 3 * imageSize * imageSize * batch;
        var audio = 257 * frames * batch;
        // Uploaded once, as the reference keeps its inputs on the device: this times the model's step alone.
        using var data = DeviceBatch.Upload(new TrainingBatch(0, 0, batch, Random(image), Random(image), Random(image), Random(audio), Random(audio), Random(audio), 0), imageSize, 257, frames, device);
        TrainingStep.Run(model, adam, objective, "alignment", data);
        var times = new List<double>();
        for (var s = 0; s < steps; s++)
        {
            var clock = Stopwatch.StartNew();
            TrainingStep.Run(model, adam, objective, "alignment", data);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return batch / LocalizeSpeedRun.Median(times);
    }

    /// <summary>
    /// Pairs per second of training as `train` runs it: batches built from real files on the prefetch thread and
    /// uploaded to the device while the model steps (one warm-up step, then steps timed as one stretch).
    /// </summary>
    public static double EndToEndPairsPerSecond(string manifest, int batch, int imageSize, double audioSeconds, int steps, Device? device = null, string precision = EncoderPrecision.Float32, int? workers = null)
    {
        var where = device ?? CPU;
        var recipe = new TrainingRecipe { Train = manifest, BatchSize = batch, ImageSize = imageSize, AudioSeconds = audioSeconds, Workers = workers };
        var lines = Data.TrainingSet.Load(manifest);
        if (lines.Count < batch)
        {
            throw new IO.InputException(manifest, $"{lines.Count} items, fewer than one batch of {batch} (tools/bench/make_pipeline_data.sh DIR ITEMS)");
        }
        // One epoch holds every step timed (the manifest repeated), as in a real run, where an epoch is thousands of
        // batches: restarting the prefetch at a bench manifest's every epoch would time its refilling.
        var items = Repeated(lines, (steps + 4) * batch);
        var builder = new BatchBuilder(items, recipe, Self(items.Count), Self(items.Count));
        var (model, adam, objective) = Trainable(where, precision);
        using var owned = model;
        using var ownedAdam = adam;
        var done = 0;
        Stopwatch? clock = null;
        foreach (var uploaded in DeviceBatchPrefetch.Batches(builder, 0, builder.Order(0), 0, steps + 1, where, CancellationToken.None))
        {
            using (uploaded)
            {
                TrainingStep.Run(model, adam, objective, "alignment", uploaded);
            }
            if (++done == 1)
            {
                clock = Stopwatch.StartNew();
            }
        }
        return steps * batch / clock!.Elapsed.TotalSeconds;
    }

    /// <summary>What the input pipeline did while timed: its rate, the managed memory it allocated and the collections.</summary>
    public readonly record struct PipelineRate(double PairsPerSecond, double AllocatedBytesPerPair, int Collections);

    /// <summary>Batches per second the input pipeline builds (decode, transforms, spectrograms, 3 views) from the given manifest.</summary>
    public static PipelineRate Pipeline(string manifest, int batch, int imageSize, double audioSeconds, int batches, int? workers = null)
    {
        var recipe = new TrainingRecipe { Train = manifest, BatchSize = batch, ImageSize = imageSize, AudioSeconds = audioSeconds, NeighbourView = true, Workers = workers };
        // The manifest repeated until one epoch holds every batch timed, since training streams an epoch's batches
        // without a pause (BatchStream) and a real epoch is far longer than a bench manifest.
        // Warm-up: at least two batches and 96 pairs, so the first setting timed in a fresh process is not timing
        // the JIT's tiering and a cold page cache.
        var warmUp = Math.Max(2, (96 + batch - 1) / batch);
        var items = Repeated(Data.TrainingSet.Load(manifest), (batches + warmUp) * batch);
        var builder = new BatchBuilder(items, recipe, Self(items.Count), Self(items.Count));
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        using var stream = new BatchStream(builder, pool, 0, builder.Order(0), 0, batches + warmUp, builder.Workers);
        HostBatch Take() => stream.Next()?.Host ?? throw new InvalidOperationException("the stream ended early");
        // Then the time between deliveries, with the workers as far ahead at the end as at the start (steady state),
        // each set given back as a training step gives it back.
        for (var k = 0; k < warmUp; k++)
        {
            pool.Return(Take());
        }
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < batches; k++)
        {
            pool.Return(Take());
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var pairs = batches * batch;
        return new PipelineRate(pairs / seconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)pairs, GC.CollectionCount(0) - collections);
    }

    /// <summary>
    /// Milliseconds of one thread per stage of a pair (median over the manifest's first items, after a warm-up):
    /// JPEG decode, a plain view, the augmented view, a WAV read, a spectrogram. A pair takes two decodes, two plain
    /// views, one augmented view, two WAVs and three spectrograms.
    /// </summary>
    public static IReadOnlyList<(string Stage, double Milliseconds)> PipelineProfile(string manifest, int imageSize, double audioSeconds, int items)
    {
        var set = Data.TrainingSet.Load(manifest).Take(items).ToList();
        var decoder = new Imaging.ImageDecoder();
        var transform = new TrainImageTransform(imageSize);
        var window = Audio.AudioWindow.Official.Centred(audioSeconds);
        var frontEnd = new Audio.AudioFrontEnd(window);
        var pictures = set.Select(i => decoder.Decode(i.ImagePath)).ToList();
        // The stages write where the pipeline writes (reused arrays, the caller's buffers), so none allocates.
        var pixels = new IO.ReusableArrays<byte>();
        var samples = new IO.ReusableArrays<double>();
        var view = new float[transform.ViewLength];
        var spectrogram = new float[frontEnd.Shape(window).Count];
        var clips = set.Select(i => AudioLoader.Load(i.AudioPath)).ToList();
        var rng = new SeededRandom(7);
        double Time(Action<int> stage)
        {
            stage(0);
            var times = new List<double>();
            for (var i = 0; i < set.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                stage(i);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            return LocalizeSpeedRun.Median(times);
        }
        return
        [
            ("JPEG decode", Time(i => decoder.Decode(set[i].ImagePath, pixels))),
            ("plain view", Time(i => transform.Plain(pictures[i], rng, view))),
            ("augmented view", Time(i => transform.Augmented(pictures[i], rng, view))),
            ("WAV read", Time(i => AudioLoader.Load(set[i].AudioPath, samples))),
            ("spectrogram", Time(i => frontEnd.LogSpectrogram(clips[i], window, 0, spectrogram))),
        ];
    }

    /// <summary>The model both step speed runs time (fixed weights, on device, in precision), its Adam and the losses.</summary>
    private static (SoundLocalizationModel Model, AdamOptimizer Adam, ContrastiveObjective Objective) Trainable(Device device, string precision)
    {
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 3);
        model.to(device);
        model.UsePrecision(precision);
        return (model, new AdamOptimizer(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), 1e-4, 1e-4), new ContrastiveObjective());
    }

    private static List<Data.TrainingItem> Repeated(IReadOnlyList<Data.TrainingItem> lines, int atLeast) =>
        Enumerable.Repeat(lines, (atLeast + lines.Count - 1) / lines.Count).SelectMany(i => i).ToList();

    private static int[][] Self(int n) => Enumerable.Range(0, n).Select(i => new[] { (i + 1) % n }).ToArray();
}
