namespace SoundSight.Checkpoints;

/// <summary>A Python name a pickle refers to (GLOBAL 'module name'), never imported or called.</summary>
public sealed record PickledGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
