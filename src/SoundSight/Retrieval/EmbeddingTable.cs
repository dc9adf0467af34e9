using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>
/// Embeddings of a list of pictures and a list of sounds, float32 [N, 512] each, in both retrieval spaces (the
/// projected pair is null when the checkpoint has no projection heads).
/// </summary>
public sealed class EmbeddingTable : IDisposable
{
    public EmbeddingTable(Tensor? imageRaw, Tensor? imageProjected, Tensor? soundRaw, Tensor? soundProjected)
    {
        ImageRaw = imageRaw;
        ImageProjected = imageProjected;
        SoundRaw = soundRaw;
        SoundProjected = soundProjected;
    }

    public Tensor? ImageRaw { get; }

    public Tensor? ImageProjected { get; }

    public Tensor? SoundRaw { get; }

    public Tensor? SoundProjected { get; }

    public Tensor? Images(RetrievalSpace space) => space == RetrievalSpace.Projection ? ImageProjected : ImageRaw;

    public Tensor? Sounds(RetrievalSpace space) => space == RetrievalSpace.Projection ? SoundProjected : SoundRaw;

    public void Dispose()
    {
        ImageRaw?.Dispose();
        ImageProjected?.Dispose();
        SoundRaw?.Dispose();
        SoundProjected?.Dispose();
    }
}
