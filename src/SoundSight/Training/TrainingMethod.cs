namespace SoundSight.Training;

/// <summary>The training objectives a recipe can choose.</summary>
public enum TrainingMethod
{
    /// <summary>
    /// The paper's cross-modal alignment (ssl_kccv Alignment/train.py): s_L and s_A InfoNCE for every pair of
    /// image view and audio view (original, augmented, mined neighbour), image to audio.
    /// </summary>
    Alignment,

    /// <summary>EZ-VSL (Mo and Morgado 2022): max-pooled cosine map, temperature 0.03, symmetric InfoNCE, one view.</summary>
    EzVsl,
}
