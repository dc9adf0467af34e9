namespace SoundSight.Methods;

/// <summary>Which method a checkpoint is, and why (or, when none fits, the closest and what does not fit).</summary>
public sealed record MethodRecognition(LocalizationMethod? Chosen, string Reason, IReadOnlyList<MethodFit> Fits);
