namespace SoundSight.Training;

/// <summary>
/// The neighbour lists a run draws its third view from, for its training items in their order: each item's
/// neighbour indices by picture and by sound, how they were mined (a <see cref="NeighbourMining"/> name) and how
/// right they are on these items at the recipe's top K.
/// </summary>
public sealed record TrainingNeighbours(int[][] Images, int[][] Sounds, string Mining, NeighbourQuality Quality);
