namespace SoundSight.Methods;

/// <summary>Whether a method's checkpoints carry DataParallel's 'module.' prefix on every key.</summary>
public enum ModulePrefixRule
{
    /// <summary>Either way (the prefix is removed when every key has it).</summary>
    Either,

    /// <summary>Every key has it (the official loader expects a DataParallel model's keys).</summary>
    Required,
}
