namespace SoundSight.Training;

/// <summary>
/// Where a <see cref="TrainingLoop"/> stopped: the run's state as last saved, the last step's loss (NaN when no
/// step ran) and whether it stopped because it was cancelled.
/// </summary>
public sealed record TrainingLoopEnd(CheckpointStore.State State, double LastLoss, bool Cancelled);
