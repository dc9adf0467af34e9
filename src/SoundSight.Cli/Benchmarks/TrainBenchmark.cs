using System.Diagnostics;
using SoundSight.Models;
using SoundSight.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Cli.Benchmarks;

/// <summary>
/// Times SoundSight's training step (the alignment method, three views, model only) on random inputs, the same
/// work tools/bench/official_train_step.py times in PyTorch; and the input pipeline alone (batches built per
/// second from real files) to show whether it keeps up.
/// </summary>
public static class TrainBenchmark
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
        Trainer.Step(model, adam, objective, "alignment", data);
        var times = new List<double>();
        for (var s = 0; s < steps; s++)
        {
            var clock = Stopwatch.StartNew();
            Trainer.Step(model, adam, objective, "alignment", data);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return batch / LocalizeBenchmark.Median(times);
    }

    /// <summary>
    /// Pairs per second of training as `train` runs it: batches built from real files on the prefetch thread and
    /// uploaded to the device while the model steps (one warm-up step, then steps timed as one stretch).
    /// </summary>
    public static double EndToEndPairsPerSecond(string manifest, int batch, int imageSize, double audioSeconds, int steps, Device? device = null, string precision = EncoderPrecision.Float32)
    {
        var where = device ?? CPU;
        var recipe = new TrainingRecipe { Train = manifest, BatchSize = batch, ImageSize = imageSize, AudioSeconds = audioSeconds };
        var items = Data.TrainingSet.Load(manifest);
        var builder = new BatchBuilder(items, recipe, Self(items.Count), Self(items.Count));
        if (builder.BatchesPerEpoch == 0)
        {
            throw new IO.InputException(manifest, $"{items.Count} items, fewer than one batch of {batch} (tools/bench/make_pipeline_data.sh DIR ITEMS)");
        }
        var (model, adam, objective) = Trainable(where, precision);
        using var owned = model;
        using var ownedAdam = adam;
        var done = 0;
        Stopwatch? clock = null;
        for (var epoch = 0; done <= steps; epoch++)
        {
            foreach (var uploaded in Trainer.Prefetch(builder, epoch, builder.Order(epoch), 0, builder.BatchesPerEpoch, where, CancellationToken.None))
            {
                using (uploaded)
                {
                    Trainer.Step(model, adam, objective, "alignment", uploaded);
                }
                if (++done == 1)
                {
                    clock = Stopwatch.StartNew();
                }
                if (done > steps)
                {
                    break;
                }
            }
        }
        return steps * batch / clock!.Elapsed.TotalSeconds;
    }

    /// <summary>Batches per second the input pipeline builds (decode, transforms, spectrograms, 3 views) from the given manifest.</summary>
    public static double PipelinePairsPerSecond(string manifest, int batch, int imageSize, double audioSeconds, int batches)
    {
        var recipe = new TrainingRecipe { Train = manifest, BatchSize = batch, ImageSize = imageSize, AudioSeconds = audioSeconds, NeighbourView = false };
        var items = Data.TrainingSet.Load(manifest);
        var builder = new BatchBuilder(items, recipe with { NeighbourView = true }, Self(items.Count), Self(items.Count));
        // Two warm-up batches, then the timed ones, going round the manifest as many epochs as that takes; each is
        // decoded into a reused host set, as training does.
        var perEpoch = builder.BatchesPerEpoch;
        var orders = new Dictionary<int, int[]>();
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        void BuildOne(int k)
        {
            var epoch = k / perEpoch;
            if (!orders.TryGetValue(epoch, out var order))
            {
                orders[epoch] = order = builder.Order(epoch);
            }
            var host = pool.Rent();
            builder.BuildInto(epoch, k % perEpoch, order, host);
            pool.Return(host);
        }
        BuildOne(0);
        BuildOne(1);
        var n = batches;
        var clock = Stopwatch.StartNew();
        for (var k = 2; k < n + 2; k++)
        {
            BuildOne(k);
        }
        return n * batch / clock.Elapsed.TotalSeconds;
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
        var clips = set.Select(i => Audio.AudioLoader.Load(i.AudioPath)).ToList();
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
            return LocalizeBenchmark.Median(times);
        }
        return
        [
            ("JPEG decode", Time(i => decoder.Decode(set[i].ImagePath))),
            ("plain view", Time(i => transform.Plain(pictures[i], rng))),
            ("augmented view", Time(i => transform.Augmented(pictures[i], rng))),
            ("WAV read", Time(i => Audio.AudioLoader.Load(set[i].AudioPath))),
            ("spectrogram", Time(i => frontEnd.LogSpectrogram(clips[i], window))),
        ];
    }

    /// <summary>The model both step benchmarks time (fixed weights, on device, in precision), its Adam and the losses.</summary>
    private static (SoundLocalizationModel Model, AdamOptimizer Adam, ContrastiveObjective Objective) Trainable(Device device, string precision)
    {
        var model = new SoundLocalizationModel();
        DeterministicWeights.Apply(model, 3);
        model.to(device);
        model.UsePrecision(precision);
        return (model, new AdamOptimizer(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), 1e-4, 1e-4), new ContrastiveObjective());
    }

    private static int[][] Self(int n) => Enumerable.Range(0, n).Select(i => new[] { (i + 1) % n }).ToArray();
}
