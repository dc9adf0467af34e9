namespace SoundSight.Retrieval;

/// <summary>Where pictures and sounds are compared.</summary>
public enum RetrievalSpace
{
    /// <summary>
    /// The s_A space: normalize(img_proj(GMP(vision map))) against normalize(aud_proj(GMP(audio map))); the
    /// authors' proj_A2I / proj_I2A numbers. Needs a checkpoint with projection heads.
    /// </summary>
    Projection,

    /// <summary>
    /// The encoders' own space: spatial mean of the channel-normalised vision map against the normalised audio
    /// vector; the authors' A2I / I2A numbers.
    /// </summary>
    Raw,
}
