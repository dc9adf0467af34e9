namespace SoundSight.Retrieval;

/// <summary>One picture's or sound's embeddings: the raw space, and the s_A projection space when the checkpoint has it.</summary>
public sealed record ItemEmbedding(float[] Raw, float[]? Projected);
