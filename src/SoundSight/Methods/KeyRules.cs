namespace SoundSight.Methods;

/// <summary>
/// How a method's official loader reads its checkpoint: which container dicts it takes the weights from, whether
/// the keys carry 'module.', which of the model's keys may be absent, and whether keys the model lacks are
/// ignored (load_state_dict(strict=False)) or an error (strict).
/// </summary>
public sealed record KeyRules
{
    /// <summary>Accepted containers; null in the list means a top-level state_dict.</summary>
    public required IReadOnlyList<string?> Containers { get; init; }

    public ModulePrefixRule ModulePrefix { get; init; } = ModulePrefixRule.Either;

    /// <summary>Prefixes of model keys a checkpoint may lack (e.g. the projection heads of an AVENet checkpoint).</summary>
    public IReadOnlyList<string> OptionalPrefixes { get; init; } = [];

    /// <summary>Prefixes of the model's (optional) keys the method's checkpoints never hold: such a key does not fit
    /// (an AVENet checkpoint of LVS or SSL-TIE has no projection heads).</summary>
    public IReadOnlyList<string> AbsentPrefixes { get; init; } = [];

    /// <summary>Whether keys the model does not have are ignored (strict=False); otherwise they do not fit.</summary>
    public bool IgnoresExtraKeys { get; init; }

    /// <summary>Keys the file must hold beyond the model's own (unused modules the official class has, e.g.
    /// SSL-TIE's vision_fc1, conv3 and norm3, which its strict load needs), with their shapes.</summary>
    public IReadOnlyDictionary<string, long[]> ExtraRequired { get; init; } = new Dictionary<string, long[]>();
}
