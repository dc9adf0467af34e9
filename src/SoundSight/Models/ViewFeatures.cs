using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// What one view of a batch gives the losses: for images the channel-normalised vision map [B, 512, h, w] and the
/// normalised projection [B, 512]; for sounds the normalised max-pooled vector [B, 512] and its normalised
/// projection. Owned by the caller.
/// </summary>
public sealed record ViewFeatures(Tensor Localization, Tensor Semantic);
