using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.Media;
using SoundSight.Models;
using SoundSight.Runtime;
using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>
/// R@1/5/10 both ways on labelled picture-sound pairs (a validation split) through a model held in memory, as
/// training validation logs them and the demo reports them. The model is used as it is, on its own device and in
/// its own precision, through libtorch: not through a <see cref="Localization.Localizer"/> (whose CPU backends fold
/// BatchNorm or run Winograd/ONNX, and which keeps the heads on the CPU), so that numbers logged during training do
/// not depend on which backend this machine would pick. The recalls are <see cref="RetrievalScores"/>'.
/// </summary>
public static class ValidationRetrieval
{
    /// <summary>Pairs embedded per forward pass.</summary>
    private const int Chunk = 32;

    /// <summary>
    /// Recalls named as the metrics log and best.json have them: audio_to_image_r1, image_to_audio_r1, ... in that
    /// order (the order is the JSON's).
    /// </summary>
    /// <param name="space">
    /// Projection for the alignment method; Raw for EZ-VSL, whose projection heads never train. In the raw space the
    /// image rows are re-normalised to unit length here (the spatial mean of unit vectors is shorter than one),
    /// unlike the `retrieve` command's raw space: training validation has always ranked them so, and its logged
    /// numbers stay comparable across runs.
    /// </param>
    public static Dictionary<string, double> Measure(SoundLocalizationModel model, IReadOnlyList<TrainingItem> pairs, int imageSize, AudioWindow window, RetrievalSpace space)
    {
        using var table = Embed(model, pairs, imageSize, window, space);
        var classes = pairs.Select(i => i.Class).ToList();
        // The class protocol needs every pair's class; otherwise each query's own pair is its one right answer.
        var byClass = classes.All(c => c is not null) ? classes : null;
        var scores = RetrievalScores.Compute(table, byClass, RetrievalMetrics.PaperKs).Spaces[space];
        var named = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in RetrievalMetrics.PaperKs)
        {
            named[$"audio_to_image_r{k}"] = scores.AudioToImage[k];
            named[$"image_to_audio_r{k}"] = scores.ImageToAudio[k];
        }
        return named;
    }

    /// <summary>
    /// The pairs' embeddings in <paramref name="space"/> (the other space's pair is null), on the CPU whatever
    /// device embedded them. Leaves the model in eval mode.
    /// </summary>
    public static EmbeddingTable Embed(SoundLocalizationModel model, IReadOnlyList<TrainingItem> pairs, int imageSize, AudioWindow window, RetrievalSpace space)
    {
        model.eval();
        var frontEnd = new ImageFrontEnd(imageSize);
        var audio = new AudioFrontEnd(window);
        var decoder = new ImageDecoder();
        var imageEmbeddings = new List<Tensor>();
        var audioEmbeddings = new List<Tensor>();
        using var inference = inference_mode();
        var device = model.VisionEncoder.parameters().First().device;
        try
        {
            for (var start = 0; start < pairs.Count; start += Chunk)
            {
                using var scope = NewDisposeScope();
                var chunk = pairs.Skip(start).Take(Chunk).ToList();
                var pictures = chunk.Select(i => decoder.Decode(i.ImagePath)).ToList();
                var clips = chunk.Select(i => AudioLoader.Load(i.AudioPath)).ToList();
                var images = HostTensors.ToDevice(frontEnd.ToBatch(pictures), device);
                var sounds = HostTensors.ToDevice(SpectrogramBatch.Of(audio, clips), device);
                var visionMaps = model.VisionMap(images);
                var audioVectors = model.AudioVector(sounds);
                var (image, sound) = space == RetrievalSpace.Projection
                    ? (model.ImageEmbedding(visionMaps), model.AudioEmbedding(audioVectors))
                    : (nn.functional.normalize(SoundLocalizationModel.RawImageEmbedding(visionMaps), p: 2, dim: 1, eps: 1e-12), SoundLocalizationModel.RawAudioEmbedding(audioVectors));
                imageEmbeddings.Add(image.MoveToOuterDisposeScope());
                audioEmbeddings.Add(sound.MoveToOuterDisposeScope());
            }
            // Ranked on the CPU whatever device embedded them (a copy, so no tensor is aliased twice).
            using var joinedImages = cat(imageEmbeddings, 0);
            using var joinedSounds = cat(audioEmbeddings, 0);
            var onHostImages = joinedImages.to(CPU, copy: true);
            var onHostSounds = joinedSounds.to(CPU, copy: true);
            return space == RetrievalSpace.Projection
                ? new EmbeddingTable(null, onHostImages, null, onHostSounds)
                : new EmbeddingTable(onHostImages, null, onHostSounds, null);
        }
        finally
        {
            foreach (var t in imageEmbeddings.Concat(audioEmbeddings))
            {
                t.Dispose();
            }
        }
    }
}
