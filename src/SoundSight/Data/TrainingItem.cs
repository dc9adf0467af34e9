namespace SoundSight.Data;

/// <summary>One picture-sound pair to train on. <see cref="Line"/> is where it was declared, for messages.</summary>
public sealed record TrainingItem(string Id, string ImagePath, string AudioPath, string? Class, string Line);
