using TorchSharp;
using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// Mines the "semantically similar" views: embeds every item's picture and sound with a model's encoders
/// (normalised global max pool of each tower: the self-supervised-encoder variant of the paper) and keeps, per
/// modality, the exact top-K by cosine similarity (self excluded), in chunks so large sets fit in memory.
/// With an <see cref="ImageNetFeatureExtractor"/>, pictures are embedded instead by the ImageNet ResNet-18 (the
/// average-pooled final map of the package's original graph, at 224 px as its mean image requires): the paper's
/// image neighbours.
/// </summary>
public sealed class NeighbourMiner
{
    private readonly SoundLocalizationModel _model;
    private readonly ImageFrontEnd _images;
    private readonly AudioFrontEnd _audio;
    private readonly ImageNetFeatureExtractor? _imageNet;
    private readonly bool _spectrumAudio;

    /// <param name="spectrumAudio">
    /// Embed sounds by their time-averaged log spectrum, centred on the data set's mean, instead of the model's audio
    /// tower: a training-free descriptor for when no trained audio encoder exists yet (a from-scratch audio tower
    /// embeds at random).
    /// </param>
    public NeighbourMiner(SoundLocalizationModel model, int imageSize, AudioWindow window, ImageNetFeatureExtractor? imageNet = null, bool spectrumAudio = false)
    {
        _model = model;
        _imageNet = imageNet;
        _spectrumAudio = spectrumAudio;
        _images = new ImageFrontEnd(imageNet is null ? imageSize : ImageNetFeatureExtractor.InputSize);
        _audio = new AudioFrontEnd(window);
    }

    /// <summary>
    /// Embeds every item and draws the lists as <paramref name="mining"/> says (<see cref="NeighbourMining"/>); the
    /// table carries its quality measured on <paramref name="items"/> (precision null without a class column).
    /// </summary>
    public NeighbourTable Mine(IReadOnlyList<TrainingItem> items, int topK, IProgress<int>? progress = null, int batch = 16, string mining = NeighbourMining.Authors)
    {
        var (img, aud) = Embed(items, progress, batch);
        using (img)
        using (aud)
        {
            return Mine(items, img, aud, topK, mining);
        }
    }

    /// <summary>The table of one mining from embeddings that <see cref="Embed"/> made (so several minings share one pass).</summary>
    public static NeighbourTable Mine(IReadOnlyList<TrainingItem> items, Tensor image, Tensor audio, int topK, string mining)
    {
        var (imageLists, audioLists) = Lists(image, audio, topK, mining);
        return new NeighbourTable(items.Select(i => i.Id).ToList(), imageLists, audioLists, mining).WithQuality(items);
    }

    /// <summary>
    /// Every item's picture and sound embedding, L2-normalised (rows in item order; the caller disposes both). Without
    /// <paramref name="pictures"/> no picture is read and the image tensor has no rows: enough for
    /// <see cref="NeighbourMining.ThroughAudio"/>, which lists neighbours by sound alone.
    /// </summary>
    public (Tensor Image, Tensor Audio) Embed(IReadOnlyList<TrainingItem> items, IProgress<int>? progress = null, int batch = 16, bool pictures = true)
    {
        _model.eval();
        var decoder = new ImageDecoder();
        var imageFeatures = new List<Tensor>();
        var audioFeatures = new List<Tensor>();
        using (inference_mode())
        {
            for (var start = 0; start < items.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                var chunk = items.Skip(start).Take(batch).ToList();
                var decoded = new RgbImage[chunk.Count];
                var spectra = new float[chunk.Count * _audio.FrequencyBins * _audio.Frames];
                Parallel.For(0, chunk.Count, i =>
                {
                    try
                    {
                        if (pictures)
                        {
                            decoded[i] = decoder.Decode(chunk[i].ImagePath);
                        }
                        _audio.LogSpectrogram(AudioLoader.Load(chunk[i].AudioPath)).CopyTo(spectra, i * _audio.FrequencyBins * _audio.Frames);
                    }
                    catch (InputException e)
                    {
                        throw new InputException(chunk[i].Line, e.Message);
                    }
                });
                var image = !pictures ? empty(0, 512)
                    : nn.functional.normalize(_imageNet is null ? _model.VisionMap(_images.ToBatch(decoded)).amax([2, 3]) : ImageNetEmbeddings(decoded), dim: 1);
                var spectrogram = tensor(spectra, [chunk.Count, 1, _audio.FrequencyBins, _audio.Frames]);
                var audio = _spectrumAudio ? spectrogram.mean([1, 3]) : nn.functional.normalize(_model.AudioVector(spectrogram), dim: 1);
                imageFeatures.Add(image.MoveToOuterDisposeScope());
                audioFeatures.Add(audio.MoveToOuterDisposeScope());
                progress?.Report(chunk.Count);
            }
        }
        using var img = cat(imageFeatures, 0);
        using var stacked = cat(audioFeatures, 0);
        using var aud = _spectrumAudio ? nn.functional.normalize(stacked - stacked.mean([0], keepdim: true), dim: 1) : stacked.alias();
        foreach (var t in imageFeatures.Concat(audioFeatures))
        {
            t.Dispose();
        }
        return (img.alias(), aud.alias());
    }

    /// <summary>The two lists from L2-normalised embeddings (rows are items), as <paramref name="mining"/> says.</summary>
    public static (int[][] Image, int[][] Audio) Lists(Tensor image, Tensor audio, int topK, string mining)
    {
        switch (mining)
        {
            case NeighbourMining.ThroughAudio:
                {
                    var list = TopK(audio, topK);
                    return (list, list);
                }
            case NeighbourMining.Agreement:
                {
                    var list = TopK(image.shape[0], topK, (start, count) => Standardised(image, start, count) + Standardised(audio, start, count));
                    return (list, list);
                }
            case NeighbourMining.Authors:
                return (TopK(image, topK), TopK(audio, topK));
            default:
                throw new ArgumentException($"unknown neighbour mining '{mining}'", nameof(mining));
        }
    }

    /// <summary>A chunk of rows of the cosine matrix, each standardised to mean 0 and deviation 1 over the row.</summary>
    private static Tensor Standardised(Tensor features, int start, int count)
    {
        var scores = matmul(features.narrow(0, start, count), features.t());
        var (deviation, mean) = std_mean(scores, 1, keepdim: true);
        using var floor = 1e-6.ToScalar(); // explicit and held over the call (an implicit Scalar is left to the finalizer)
        return (scores - mean) / deviation.clamp_min(floor);
    }

    /// <summary>Global average pool of the ImageNet network's final map, one picture per ONNX Runtime call.</summary>
    private Tensor ImageNetEmbeddings(RgbImage[] pictures)
    {
        var rows = new float[pictures.Length][];
        for (var i = 0; i < pictures.Length; i++)
        {
            var (values, shape) = _imageNet!.Run(_images.ToArray(pictures[i]), ["layer4"])["layer4"];
            var positions = shape[1] * shape[2];
            rows[i] = new float[shape[0]];
            for (var c = 0; c < shape[0]; c++)
            {
                var sum = 0f;
                for (var p = 0; p < positions; p++)
                {
                    sum += values[(c * positions) + p];
                }
                rows[i][c] = sum / positions;
            }
        }
        return tensor(rows.SelectMany(r => r).ToArray(), [pictures.Length, rows[0].Length]);
    }

    /// <summary>Exact top-K neighbours (self excluded) by cosine, a chunk of queries at a time.</summary>
    public static int[][] TopK(Tensor features, int k, int chunk = 2048) =>
        TopK(features.shape[0], k, (start, count) => matmul(features.narrow(0, start, count), features.t()), chunk);

    /// <summary>Exact top-K (self excluded) of a score matrix given a chunk of query rows at a time.</summary>
    private static int[][] TopK(long items, int k, Func<int, int, Tensor> rows, int chunk = 2048)
    {
        var n = (int)items;
        var keep = Math.Min(k, n - 1);
        var result = new int[n][];
        for (var start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(chunk, n - start);
            var scores = rows(start, count);
            // Push each query's own score below everything so it is never its own neighbour.
            var self = arange(start, start + count, dtype: ScalarType.Int64);
            scores.index_put_(tensor(float.NegativeInfinity), arange(count, dtype: ScalarType.Int64), self);
            var top = scores.topk(Math.Max(1, keep), dim: 1).indexes.data<long>().ToArray();
            for (var q = 0; q < count; q++)
            {
                result[start + q] = keep == 0 ? [] : top.Skip(q * keep).Take(keep).Select(v => (int)v).ToArray();
            }
        }
        return result;
    }
}
