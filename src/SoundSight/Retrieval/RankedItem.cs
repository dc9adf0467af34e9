namespace SoundSight.Retrieval;

/// <summary>One result of an ad-hoc query: its 1-based rank, file and similarity in the space searched.</summary>
public sealed record RankedItem(int Rank, string Path, float Score);
