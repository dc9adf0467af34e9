namespace SoundSight.Checkpoints;

/// <summary>
/// An instance of a Python class a checkpoint holds beside its tensors (argparse.Namespace of the training
/// arguments, a numpy scalar, a torch.device...): the class, the arguments it would be called with and the state
/// BUILD would set. Kept as data; nothing is executed.
/// </summary>
public sealed class PickledObject(PickledGlobal type, IReadOnlyList<object?> arguments)
{
    public PickledGlobal Type { get; } = type;

    public IReadOnlyList<object?> Arguments { get; } = arguments;

    /// <summary>What BUILD gave it (usually the instance's __dict__), or null.</summary>
    public object? State { get; internal set; }

    public override string ToString() => $"{Type}(...)";
}
