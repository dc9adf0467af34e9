namespace SoundSight.Checkpoints;

/// <summary>
/// A module that wants to know what loading a checkpoint into it found (e.g. whether optional heads were there).
/// The loader calls it after assigning the weights; the interface lives here so the checkpoint code needs no
/// knowledge of the models built on it (Checkpoints sits below Models).
/// </summary>
public interface ICheckpointTarget
{
    /// <summary>Called once the weights of <paramref name="report"/>'s file have been copied into this module.</summary>
    void Loaded(CheckpointReport report);
}
