namespace SoundSight.Data.Compose;

/// <summary>What a compose run wrote: scenes and annotation entries per split, and the sounding objects' mean box share of the picture.</summary>
public sealed record ComposeSummary(string Output, IReadOnlyDictionary<SplitName, (int Scenes, int Entries)> Splits, double MeanSoundingBoxShare);
