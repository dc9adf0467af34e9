using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using SoundSight.Checkpoints;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Models;
using SoundSight.Retrieval;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// Runs a recipe: the authors' alignment method (or EZ-VSL) with Adam, an input pipeline that builds the next
/// batch while the model trains on the current one, checkpoints that survive any kill, validation retrieval each
/// epoch with the best model kept, and a metrics log. A resumed run continues exactly where the checkpoint stood:
/// model, optimiser, data order and augmentation draws are all restored or re-derived from the seed.
/// </summary>
public sealed class Trainer
{
    private static readonly int[] RecallAt = [1, 5, 10];
    private readonly TrainingRecipe _recipe;
    private readonly string _runDirectory;

    public Trainer(TrainingRecipe recipe, string runDirectory)
    {
        recipe.Validate();
        _recipe = recipe;
        _runDirectory = runDirectory;
    }

    public TrainingSummary Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(_runDirectory);

        var all = TrainingSet.Load(_recipe.Train!);
        var bad = BatchBuilder.Scan(all, _recipe.Workers ?? Environment.ProcessorCount);
        if (bad.Count > 0 && !_recipe.SkipBad)
        {
            var (item, problem) = bad[0];
            throw new InputException(item.Line, $"{problem} ({bad.Count} unreadable item(s) in all; fix them or train with --skip-bad)");
        }
        var badIds = bad.Select(b => b.Item.Id).ToHashSet(StringComparer.Ordinal);
        var usable = all.Where(i => !badIds.Contains(i.Id)).ToList();
        var (train, validation) = _recipe.Validation is { } v
            ? (usable, TrainingSet.Load(v))
            : TrainingSet.Split(usable, _recipe.ValidationFraction, _recipe.Seed);
        if (train.Count < _recipe.BatchSize)
        {
            throw new InputException(_recipe.Train!, $"{train.Count} training items, fewer than one batch of {_recipe.BatchSize}");
        }
        int[][]? imageNeighbours = null, audioNeighbours = null;
        NeighbourQuality? neighbourQuality = null;
        var metricsPath = Path.Combine(_runDirectory, "metrics.jsonl");
        if (_recipe.Method == "alignment" && _recipe.NeighbourView)
        {
            var table = NeighbourTable.Load(_recipe.Neighbours!);
            (imageNeighbours, audioNeighbours) = table.For(train, _recipe.NeighbourTopK, _recipe.Neighbours!);
            // Measured on the lists this run draws from (its items, its top K), logged once as step 0.
            neighbourQuality = NeighbourQuality.Measure(train, imageNeighbours, audioNeighbours);
            if (!File.Exists(metricsPath) || !File.ReadLines(metricsPath).Any(l => l.Contains("\"neighbours\"", StringComparison.Ordinal)))
            {
                AppendMetrics(metricsPath, new { step = 0, neighbours = new { mining = table.Mining, quality = neighbourQuality } });
            }
            progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, $"neighbours ({table.Mining} mining, top {_recipe.NeighbourTopK}): {neighbourQuality.Describe()}"));
        }
        var builder = new BatchBuilder(train, _recipe, imageNeighbours, audioNeighbours);

        using var model = new SoundLocalizationModel();
        DeterministicWeights.Apply(model, _recipe.Seed);
        var visionInit = Models.ImageNet.VisionInitialization.Apply(model.VisionEncoder, _recipe.VisionInit);
        progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, visionInit));
        if (_recipe.AudioInit != Models.ImageNet.AudioInitialization.Scratch)
        {
            progress?.Report(new TrainingProgress(0, 0, 0, double.NaN, 0, Models.ImageNet.AudioInitialization.Apply(model.AudioEncoder, _recipe.AudioInit)));
        }
        if (_recipe.Init is { } init)
        {
            CheckpointLoader.Load(model, init, SoundLocalizationModel.ProjectionPrefixes);
            model.HasProjections = true;
        }
        var device = Runtime.ComputeDevice.Resolve(_recipe.Device, "device");
        model.to(device);
        model.UsePrecision(_recipe.Precision);
        if (_recipe.FreezeVision)
        {
            foreach (var (name, p) in model.VisionEncoder.named_parameters())
            {
                p.requires_grad = _recipe.TrainVisionLayer4 && name.StartsWith("layer4.", StringComparison.Ordinal);
            }
        }
        var parameters = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (Tensor)p.parameter)).ToList();
        using var adam = new AdamOptimizer(parameters, _recipe.LearningRate, _recipe.WeightDecay);
        var store = new CheckpointStore(Path.Combine(_runDirectory, "checkpoints"), _recipe.KeepLast);
        var objective = new ContrastiveObjective(new ObjectiveOptions { Symmetric = _recipe.Symmetric, SemanticTerms = _recipe.SemanticTerms, LocalizationTerms = _recipe.LocalizationTerms, IntraNeighbour = _recipe.Intra, IntraAugmented = _recipe.AugIntra });

        var state = new CheckpointStore.State(0, 0, 0, double.NegativeInfinity, -1, 0);
        if (store.Latest() is { } latest)
        {
            state = latest.State;
            using (no_grad())
            {
                var modelState = model.state_dict();
                foreach (var (name, t) in modelState)
                {
                    if (!latest.Tensors.TryGetValue($"model.{name}", out var saved) || !saved.shape.SequenceEqual(t.shape))
                    {
                        throw new InputException(store.Directory, $"the newest checkpoint lacks model.{name} or holds it with another shape: not a checkpoint of this recipe's model");
                    }
                    t.copy_(saved);
                }
            }
            if (parameters.Any(p => !latest.Tensors.ContainsKey($"adam.m.{p.Item1}") || !latest.Tensors.ContainsKey($"adam.v.{p.Item1}")))
            {
                throw new InputException(store.Directory, "the newest checkpoint lacks the optimiser state of this recipe's parameters");
            }
            adam.Restore(latest.Tensors, state.Step);
            foreach (var t in latest.Tensors.Values)
            {
                t.Dispose();
            }
            TruncateMetrics(metricsPath, state.Step);
            progress?.Report(new TrainingProgress(state.Step, 0, state.Epoch, double.NaN, 0, $"resumed at step {state.Step} (epoch {state.Epoch + 1}, batch {state.NextBatch})", Resumed: true));
        }

        // Written once the data and any checkpoint to resume from have been read: a run that fails on bad input
        // leaves the folder as it was.
        AtomicFile.WriteAllText(Path.Combine(_runDirectory, "recipe.json"), _recipe.ToJson());

        var perEpoch = builder.BatchesPerEpoch;
        var total = (long)perEpoch * _recipe.Epochs;
        if (_recipe.MaxSteps is { } max)
        {
            total = Math.Min(total, max);
        }
        var lastLoss = double.NaN;
        var skipped = state.SkippedItems;
        var cancelled = false;
        var clock = Stopwatch.StartNew();
        var pairsDone = 0L;

        for (var epoch = state.Epoch; epoch < _recipe.Epochs && state.Step < total && !cancelled; epoch++)
        {
            var order = builder.Order(epoch);
            var first = epoch == state.Epoch ? state.NextBatch : 0;
            var last = (int)Math.Min(perEpoch, first + (total - state.Step));
            foreach (var uploaded in Prefetch(builder, epoch, order, first, last, device, cancel))
            {
                using (uploaded)
                {
                    lastLoss = Step(model, adam, objective, _recipe.Method, uploaded, _recipe.FreezeVision);
                }
                skipped += uploaded.SkippedItems;
                pairsDone += uploaded.Size;
                var step = state.Step + 1;
                var finishedEpoch = uploaded.Index + 1 == perEpoch;
                state = state with { Step = step, Epoch = finishedEpoch ? epoch + 1 : epoch, NextBatch = finishedEpoch ? 0 : uploaded.Index + 1, SkippedItems = skipped };
                var rate = pairsDone / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                AppendMetrics(metricsPath, new
                {
                    step,
                    epoch = epoch + 1,
                    loss = lastLoss,
                    pairs_per_s = rate,
                    lr = adam.LearningRate,
                    host_peak_mb = Runtime.MemoryUse.HostPeakBytes() / (1024 * 1024),
                    device_used_mb = device.type == DeviceType.CUDA ? Runtime.MemoryUse.DeviceBytes((int)device.index)?.Used / (1024 * 1024) : null,
                });
                progress?.Report(new TrainingProgress(step, total, epoch + 1, lastLoss, rate));
                cancelled = cancel.IsCancellationRequested;
                if (finishedEpoch)
                {
                    state = Validate(model, validation, state, metricsPath, progress);
                }
                if (step % _recipe.CheckpointEverySteps == 0 || finishedEpoch || cancelled || step == total)
                {
                    store.Save(state, model.state_dict().Select(kv => ($"model.{kv.Key}", kv.Value)).Concat(adam.State()));
                }
                if (cancelled || step >= total)
                {
                    break;
                }
            }
        }
        if (!cancelled && !double.IsFinite(state.BestMetric))
        {
            // No epoch finished (a short run): score the final model once so the run still has a best model.
            state = Validate(model, validation, state, metricsPath, progress);
        }
        CheckpointWriter.Save(model, Path.Combine(_runDirectory, "last.safetensors"));
        LossCurve.Render(metricsPath, Path.Combine(_runDirectory, "loss.png"));
        return new TrainingSummary(state.Step, state.Epoch, lastLoss, state.BestMetric, state.BestStep, _runDirectory, cancelled, skipped, bad.Count, neighbourQuality);
    }

    /// <summary>
    /// Batches first..last - 1 of an epoch, built and uploaded to device on a background thread while the caller
    /// trains on the previous one; the caller disposes each. Leaving the loop early stops the builder.
    /// </summary>
    public static IEnumerable<DeviceBatch> Prefetch(BatchBuilder builder, int epoch, int[] order, int first, int last, Device device, CancellationToken cancel)
    {
        // Workers build up to two batches at once (BatchStream: no pause at batch boundaries); a finished batch is
        // sent to the device and waits in a one-place channel while the model works on the current one. Batches the
        // reader never takes are disposed when the loop ends. Each batch is decoded straight into a reused host set
        // (pinned for a GPU): no per-batch allocation, no copy on the CPU, one asynchronous copy to a GPU.
        var channel = Channel.CreateBounded<DeviceBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: device.type == DeviceType.CUDA);
        var producer = Task.Run(async () =>
        {
            try
            {
                using var stream = new BatchStream(builder, pool, epoch, order, first, last, builder.Workers);
                while (!stop.IsCancellationRequested && stream.Next() is { } built)
                {
                    DeviceBatch uploaded;
                    try
                    {
                        uploaded = DeviceBatch.FromHost(built.Host, pool, epoch, built.Index, builder.BatchSize, built.Skipped, device);
                    }
                    catch
                    {
                        pool.Return(built.Host);
                        throw;
                    }
                    try
                    {
                        await channel.Writer.WriteAsync(uploaded, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        uploaded.Dispose();
                        throw;
                    }
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        });
        try
        {
            while (true)
            {
                DeviceBatch? batch;
                try
                {
                    if (!channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                    channel.Reader.TryRead(out batch);
                }
                catch (ChannelClosedException e) when (e.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
                if (batch is not null)
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // The producer's failure, if any, already reached the reader.
            }
            while (channel.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }

    /// <summary>One optimiser step on a batch (train mode, every view through both towers, loss, backward, Adam).</summary>
    public static double Step(SoundLocalizationModel model, AdamOptimizer adam, ContrastiveObjective objective, string method, DeviceBatch batch, bool freezeVision = false)
    {
        using var scope = NewDisposeScope();
        model.train();
        if (freezeVision)
        {
            // A frozen encoder keeps its BatchNorm statistics too: it runs as it will at test time.
            model.VisionEncoder.eval();
        }
        adam.ZeroGrad();
        Tensor loss;
        if (method == "ezvsl")
        {
            loss = objective.EzVsl(model.ImageFeatures(batch.Images), model.AudioFeatures(batch.Spectrograms));
        }
        else
        {
            var images = new List<ViewFeatures?> { model.ImageFeatures(batch.Images), null, null };
            var sounds = new List<ViewFeatures?> { model.AudioFeatures(batch.Spectrograms), null, null };
            if (batch.AugmentedImages is not null)
            {
                images[1] = model.ImageFeatures(batch.AugmentedImages);
                sounds[1] = model.AudioFeatures(batch.AugmentedSpectrograms!);
            }
            if (batch.NeighbourImages is not null)
            {
                images[2] = model.ImageFeatures(batch.NeighbourImages);
                sounds[2] = model.AudioFeatures(batch.NeighbourSpectrograms!);
            }
            loss = objective.Alignment(images, sounds).Loss;
        }
        loss.backward();
        adam.StepOnce();
        return loss.item<float>();
    }

    private CheckpointStore.State Validate(SoundLocalizationModel model, IReadOnlyList<TrainingItem> validation, CheckpointStore.State state, string metricsPath, IProgress<TrainingProgress>? progress)
    {
        if (validation.Count < 2)
        {
            return state;
        }
        var recall = Retrieval(model, validation);
        var primary = recall["audio_to_image_r1"];
        AppendMetrics(metricsPath, new { step = state.Step, epoch = state.Epoch, validation = recall });
        progress?.Report(new TrainingProgress(state.Step, 0, state.Epoch, double.NaN, 0,
            string.Create(CultureInfo.InvariantCulture, $"validation: audio->image R@1 {primary:0.000}, R@5 {recall["audio_to_image_r5"]:0.000}; image->audio R@1 {recall["image_to_audio_r1"]:0.000}")));
        if (primary > state.BestMetric)
        {
            CheckpointWriter.Save(model, Path.Combine(_runDirectory, "best.safetensors"));
            AtomicFile.WriteAllText(Path.Combine(_runDirectory, "best.json"), JsonSerializer.Serialize(new { step = state.Step, epoch = state.Epoch, validation = recall }, TrainingRecipe.Json));
            return state with { BestMetric = primary, BestStep = state.Step };
        }
        return state;
    }

    /// <summary>R@1/5/10 both ways, in the s_A space for the alignment method, the raw space for EZ-VSL.</summary>
    public Dictionary<string, double> Retrieval(SoundLocalizationModel model, IReadOnlyList<TrainingItem> items)
    {
        model.eval();
        var frontEnd = new ImageFrontEnd(_recipe.ImageSize);
        var audio = new Audio.AudioFrontEnd(_recipe.AudioWindow);
        var decoder = new ImageDecoder();
        var imageEmbeddings = new List<Tensor>();
        var audioEmbeddings = new List<Tensor>();
        using var inference = inference_mode();
        var device = model.VisionEncoder.parameters().First().device;
        for (var start = 0; start < items.Count; start += 32)
        {
            var chunk = items.Skip(start).Take(32).ToList();
            var pictures = chunk.Select(i => decoder.Decode(i.ImagePath)).ToList();
            var spectra = new float[chunk.Count * audio.FrequencyBins * audio.Frames];
            for (var i = 0; i < chunk.Count; i++)
            {
                audio.LogSpectrogram(AudioLoader.Load(chunk[i].AudioPath)).CopyTo(spectra, i * audio.FrequencyBins * audio.Frames);
            }
            using var images = DeviceBatch.ToDevice(frontEnd.ToBatch(pictures), device);
            using var sounds = DeviceBatch.ToDevice(tensor(spectra, [chunk.Count, 1, audio.FrequencyBins, audio.Frames]), device);
            var vision = model.ImageFeatures(images);
            var sound = model.AudioFeatures(sounds);
            if (_recipe.Method == "ezvsl")
            {
                imageEmbeddings.Add(nn.functional.normalize(vision.Localization.mean([2, 3]), dim: 1));
                audioEmbeddings.Add(sound.Localization.clone());
                vision.Semantic.Dispose();
            }
            else
            {
                imageEmbeddings.Add(vision.Semantic);
                audioEmbeddings.Add(sound.Semantic);
                vision.Localization.Dispose();
            }
            sound.Localization.Dispose();
        }
        // Ranked on the CPU whatever device embedded them (a copy, so no tensor is aliased twice).
        using var joinedImages = cat(imageEmbeddings, 0);
        using var joinedSounds = cat(audioEmbeddings, 0);
        using var img = joinedImages.to(CPU, copy: true);
        using var aud = joinedSounds.to(CPU, copy: true);
        foreach (var t in imageEmbeddings.Concat(audioEmbeddings))
        {
            t.Dispose();
        }
        var classes = items.Select(i => i.Class).ToList();
        var useClasses = classes.All(c => c is not null) ? classes : null;
        var a2i = RetrievalMetrics.Recall(aud, img, useClasses, RecallAt);
        var i2a = RetrievalMetrics.Recall(img, aud, useClasses, RecallAt);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in RecallAt)
        {
            result[$"audio_to_image_r{k}"] = a2i[k];
            result[$"image_to_audio_r{k}"] = i2a[k];
        }
        return result;
    }

    private static void AppendMetrics(string path, object record)
    {
        File.AppendAllText(path, JsonSerializer.Serialize(record, TrainingRecipe.Json).ReplaceLineEndings(" ") + Environment.NewLine);
    }

    /// <summary>After a resume, drops log lines of steps the checkpoint does not include (they will be redone).</summary>
    private static void TruncateMetrics(string path, long step)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var kept = File.ReadAllLines(path).Where(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("step").GetInt64() <= step;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                return false;
            }
        }).ToList();
        AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join(Environment.NewLine, kept) + Environment.NewLine);
    }
}
