namespace SoundSight.Training;

/// <summary>
/// Where a run stands, for progress displays. A report with a <paramref name="Message"/> is a note (neighbours,
/// validation, resume); <paramref name="Resumed"/> marks the one that says the run continues from a checkpoint at
/// <paramref name="Step"/>, so that a bar can start there.
/// </summary>
public sealed record TrainingProgress(long Step, long TotalSteps, int Epoch, double Loss, double PairsPerSecond, string? Message = null, bool Resumed = false);

/// <summary>What a finished (or stopped) run reports.</summary>
public sealed record TrainingSummary(long Steps, int Epochs, double LastLoss, double BestMetric, long BestStep, string RunDirectory, bool Cancelled, int SkippedItems, int BadItemsDropped, NeighbourQuality? Neighbours = null);
