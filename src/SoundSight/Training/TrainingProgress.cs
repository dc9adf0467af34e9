namespace SoundSight.Training;

/// <summary>Where a run stands, for progress displays.</summary>
public sealed record TrainingProgress(long Step, long TotalSteps, int Epoch, double Loss, double PairsPerSecond, string? Message = null);

/// <summary>What a finished (or stopped) run reports.</summary>
public sealed record TrainingSummary(long Steps, int Epochs, double LastLoss, double BestMetric, long BestStep, string RunDirectory, bool Cancelled, int SkippedItems, int BadItemsDropped, NeighbourQuality? Neighbours = null);
