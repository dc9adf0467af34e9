using System.Diagnostics;
using TorchSharp;

namespace SoundSight.Training;

/// <summary>
/// The steps of a run from where its state stands to the recipe's end: batches in each epoch's order (prefetched
/// onto the device), one optimiser step each, a metrics line and a progress report per step, validation at the end
/// of each epoch, and a checkpoint every recipe.checkpoint_every_steps steps, at each epoch's end, at the last
/// step and on cancellation.
/// </summary>
public sealed class TrainingLoop
{
    private readonly TrainingRecipe _recipe;
    private readonly BatchBuilder _batches;
    private readonly TrainableModel _trainable;
    private readonly CheckpointStore _store;
    private readonly MetricsLog _metrics;
    private readonly EpochValidation _validation;
    private readonly ContrastiveObjective _objective;

    public TrainingLoop(TrainingRecipe recipe, BatchBuilder batches, TrainableModel trainable, CheckpointStore store, MetricsLog metrics, EpochValidation validation)
    {
        _recipe = recipe;
        _batches = batches;
        _trainable = trainable;
        _store = store;
        _metrics = metrics;
        _validation = validation;
        _objective = new ContrastiveObjective(new ObjectiveOptions { Symmetric = recipe.Symmetric, SemanticTerms = recipe.SemanticTerms, LocalizationTerms = recipe.LocalizationTerms, IntraNeighbour = recipe.Intra, IntraAugmented = recipe.AugIntra });
    }

    /// <summary>Steps in the whole run: every epoch's batches, or fewer when the recipe caps them.</summary>
    public long TotalSteps
    {
        get
        {
            var all = (long)_batches.BatchesPerEpoch * _recipe.Epochs;
            return _recipe.MaxSteps is { } max ? Math.Min(all, max) : all;
        }
    }

    public TrainingLoopEnd Run(CheckpointStore.State state, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var model = _trainable.Model;
        var adam = _trainable.Optimizer;
        var device = _trainable.Device;
        var perEpoch = _batches.BatchesPerEpoch;
        var total = TotalSteps;
        var lastLoss = double.NaN;
        var skipped = state.SkippedItems;
        var cancelled = false;
        var clock = Stopwatch.StartNew();
        var pairsDone = 0L;

        for (var epoch = state.Epoch; epoch < _recipe.Epochs && state.Step < total && !cancelled; epoch++)
        {
            var order = _batches.Order(epoch);
            var first = epoch == state.Epoch ? state.NextBatch : 0;
            var last = (int)Math.Min(perEpoch, first + (total - state.Step));
            foreach (var uploaded in DeviceBatchPrefetch.Batches(_batches, epoch, order, first, last, device, cancel))
            {
                using (uploaded)
                {
                    lastLoss = TrainingStep.Run(model, adam, _objective, _recipe.Method, uploaded, _recipe.FreezeVision);
                }
                _trainable.Average?.Update(state.Step + 1);
                skipped += uploaded.SkippedItems;
                pairsDone += uploaded.Size;
                var step = state.Step + 1;
                var finishedEpoch = uploaded.Index + 1 == perEpoch;
                state = state with { Step = step, Epoch = finishedEpoch ? epoch + 1 : epoch, NextBatch = finishedEpoch ? 0 : uploaded.Index + 1, SkippedItems = skipped };
                var rate = pairsDone / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                _metrics.Append(new
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
                    var scored = state;
                    state = _trainable.HandedOn(() => _validation.Score(model, scored, progress));
                }
                if (step % _recipe.CheckpointEverySteps == 0 || finishedEpoch || cancelled || step == total)
                {
                    _store.Save(state, _trainable.CheckpointTensors());
                }
                if (cancelled || step >= total)
                {
                    break;
                }
            }
        }
        return new TrainingLoopEnd(state, lastLoss, cancelled);
    }
}
