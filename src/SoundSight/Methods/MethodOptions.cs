namespace SoundSight.Methods;

/// <summary>Named options of single methods, each a documented switch of that method's official code.</summary>
public sealed record MethodOptions
{
    /// <summary>
    /// SLAVC's use_mom_eval: maps from the momentum encoders and heads stored in the checkpoint instead of the
    /// online ones (test.py builds SLAVC with use_mom_eval=False; the official forward would also move the momentum
    /// copies one EMA step towards the online ones first, which an inference run here does not).
    /// </summary>
    public bool UseMomentumEncoders { get; init; }
}
