namespace SoundSight.Checkpoints;

/// <summary>
/// The state-dict key prefixes of the official model's projection heads (img_proj, aud_proj), which AVENet
/// checkpoints (localization only) do not have. They are a fact of the checkpoint format, so the writer can leave
/// them out without knowing the model class.
/// </summary>
public static class ProjectionKeys
{
    public static readonly string[] Prefixes = ["img_proj.", "aud_proj."];
}
