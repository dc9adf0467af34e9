namespace SoundSight.Data.Compose;

/// <summary>
/// What the object size share of <see cref="ComposeOptions"/> measures. The official plain cIoU predicts half the
/// picture, so a box under a quarter of it can never count as a hit: sized by its longer side, an elongated cut-out
/// (a trumpet drawn level, a keyboard strip) gets a small box and caps what any model can score, a property of the
/// pictures' shapes rather than of what a model knows about them.
/// </summary>
public enum ObjectScale
{
    /// <summary>The object's longer side is the share of the picture's side (IS3-like; the embedded kit's near-square pictures).</summary>
    LongerSide,

    /// <summary>
    /// The square root of the object's box area is the share of the picture's side, so an elongated object gets the
    /// box area a square one of that share would have (its longer side capped at the picture's side).
    /// </summary>
    BoxArea,
}
