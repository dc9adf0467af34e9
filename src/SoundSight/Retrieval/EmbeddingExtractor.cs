using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>
/// Embeds picture and sound files in batches through a <see cref="Localizer"/> (its front ends and encoders), in
/// both retrieval spaces. Files already in the cache are not embedded again; new ones are added to it.
/// </summary>
public sealed class EmbeddingExtractor
{
    private const string ImageModality = "image";
    private const string SoundModality = "sound";
    private readonly Localizer _localizer;
    private readonly EmbeddingCache _cache;
    private readonly ImageDecoder _decoder;
    private readonly int _batch;

    public EmbeddingExtractor(Localizer localizer, EmbeddingCache cache, int batchSize)
    {
        _localizer = localizer;
        _cache = cache;
        _decoder = new ImageDecoder(localizer.Options.ApplyExifOrientation);
        _batch = Math.Max(1, batchSize);
    }

    /// <summary>How many of these files still have to be embedded (for a progress bar).</summary>
    public int Pending(IReadOnlyList<string> images, IReadOnlyList<string> sounds) =>
        Missing(ImageModality, images).Count + Missing(SoundModality, sounds).Count;

    /// <summary>Embeddings of <paramref name="images"/> and <paramref name="sounds"/>, in their order.</summary>
    /// <param name="progress">Called with the number of files embedded by each batch.</param>
    public EmbeddingTable Embed(IReadOnlyList<string> images, IReadOnlyList<string> sounds, Action<int>? progress = null)
    {
        var newImages = Missing(ImageModality, images);
        var newSounds = Missing(SoundModality, sounds);
        for (var start = 0; start < Math.Max(newImages.Count, newSounds.Count); start += _batch)
        {
            var imageBatch = newImages.Skip(start).Take(_batch).ToList();
            var soundBatch = newSounds.Skip(start).Take(_batch).ToList();
            var pictures = new RgbImage[imageBatch.Count];
            var clips = new AudioClip[soundBatch.Count];
            Unwrap(() => Parallel.For(0, pictures.Length + clips.Length, i =>
            {
                if (i < pictures.Length)
                {
                    pictures[i] = _decoder.Decode(imageBatch[i]);
                }
                else
                {
                    clips[i - pictures.Length] = AudioLoader.Load(soundBatch[i - pictures.Length]);
                }
            }));
            Store(pictures, clips, imageBatch, soundBatch);
            progress?.Invoke(imageBatch.Count + soundBatch.Count);
        }
        return new EmbeddingTable(
            Stack(ImageModality, images, e => e.Raw), Stack(ImageModality, images, e => e.Projected),
            Stack(SoundModality, sounds, e => e.Raw), Stack(SoundModality, sounds, e => e.Projected));
    }

    private void Store(RgbImage[] pictures, AudioClip[] clips, List<string> imageFiles, List<string> soundFiles)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (vision, audio) = _localizer.EncodeFeatures(pictures, clips);
        var model = _localizer.Model;
        if (vision is not null)
        {
            var raw = SoundLocalizationModel.RawImageEmbedding(vision);
            var projected = model.HasProjections ? model.ImageEmbedding(vision) : null;
            Add(ImageModality, imageFiles, raw, projected);
        }
        if (audio is not null)
        {
            var raw = SoundLocalizationModel.RawAudioEmbedding(audio);
            var projected = model.HasProjections ? model.AudioEmbedding(audio) : null;
            Add(SoundModality, soundFiles, raw, projected);
        }
    }

    private void Add(string modality, List<string> files, Tensor raw, Tensor? projected)
    {
        var rawValues = raw.contiguous().data<float>().ToArray();
        var projectedValues = projected?.contiguous().data<float>().ToArray();
        var dim = (int)raw.shape[1];
        for (var i = 0; i < files.Count; i++)
        {
            var r = rawValues.AsSpan(i * dim, dim).ToArray();
            if (!r.All(float.IsFinite) || (projectedValues is not null && !projectedValues.AsSpan(i * dim, dim).ToArray().All(float.IsFinite)))
            {
                throw new InputException(files[i], "the model gives a NaN or infinite embedding for this file");
            }
            _cache.Add(EmbeddingCache.Key(modality, files[i]), new ItemEmbedding(r, projectedValues?.AsSpan(i * dim, dim).ToArray()));
        }
    }

    private List<string> Missing(string modality, IReadOnlyList<string> files)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new InputException(file, $"{modality} file not found");
            }
            var key = EmbeddingCache.Key(modality, file);
            if (!_cache.TryGet(key, out _) && seen.Add(key))
            {
                missing.Add(file);
            }
        }
        return missing;
    }

    private Tensor? Stack(string modality, IReadOnlyList<string> files, Func<ItemEmbedding, float[]?> pick)
    {
        if (files.Count == 0)
        {
            return null;
        }
        float[]? data = null;
        var dim = 0;
        for (var i = 0; i < files.Count; i++)
        {
            _cache.TryGet(EmbeddingCache.Key(modality, files[i]), out var e);
            var v = pick(e);
            if (v is null)
            {
                return null;
            }
            if (data is null)
            {
                dim = v.Length;
                data = new float[(long)files.Count * dim];
            }
            v.CopyTo(data, (long)i * dim);
        }
        return tensor(data!, [files.Count, dim]);
    }

    /// <summary>Parallel decoding reports a bad file as the one-line InputException, not an AggregateException.</summary>
    private static void Unwrap(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(input).Throw();
        }
    }
}
