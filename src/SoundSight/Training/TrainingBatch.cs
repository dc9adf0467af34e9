namespace SoundSight.Training;

/// <summary>
/// One batch's inputs as flat float arrays (tensors are made on the training thread): images [B, 3, S, S] and
/// spectrograms [B, 1, F, T] for the original, augmented and neighbour views (null when the view is off).
/// </summary>
public sealed record TrainingBatch(
    int Epoch,
    int Index,
    int Size,
    float[] Images,
    float[]? AugmentedImages,
    float[]? NeighbourImages,
    float[] Spectrograms,
    float[]? AugmentedSpectrograms,
    float[]? NeighbourSpectrograms,
    int SkippedItems);
