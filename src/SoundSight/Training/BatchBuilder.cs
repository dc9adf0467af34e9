using System.Collections.Concurrent;
using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Runtime;

namespace SoundSight.Training;

/// <summary>
/// Builds training batches: decodes pictures and sounds and makes the views the method needs, item by item (the
/// <see cref="Workers"/> of a <see cref="BatchStream"/> run these in parallel). Every random draw comes from a
/// generator keyed by (seed, epoch, position, view), so a batch is the same whether it is built in an uninterrupted
/// run or after a resume, and whatever the number of workers.
/// </summary>
public sealed class BatchBuilder
{
    private const int AudioShiftSamples = 56000;
    private readonly IReadOnlyList<TrainingItem> _items;
    private readonly TrainingRecipe _recipe;
    private readonly int[][]? _imageNeighbours;
    private readonly int[][]? _audioNeighbours;
    private readonly TrainImageTransform _transform;
    private readonly AudioFrontEnd _audio;
    private readonly ImageDecoder _decoder = new();
    private readonly ConcurrentDictionary<int, bool> _bad = new();
    private readonly ConcurrentBag<WorkerBuffers> _buffers = [];

    public BatchBuilder(IReadOnlyList<TrainingItem> items, TrainingRecipe recipe, int[][]? imageNeighbours, int[][]? audioNeighbours)
    {
        _items = items;
        _recipe = recipe;
        _imageNeighbours = imageNeighbours;
        _audioNeighbours = audioNeighbours;
        _transform = new TrainImageTransform(recipe.ImageSize);
        _audio = new AudioFrontEnd(recipe.AudioWindow);
        Workers = recipe.Workers ?? Environment.ProcessorCount;
    }

    public int ImageSize => _recipe.ImageSize;

    public int FrequencyBins => _audio.FrequencyBins;

    public int Frames => _audio.Frames;

    public int BatchesPerEpoch => _items.Count / _recipe.BatchSize;

    public int BatchSize => _recipe.BatchSize;

    /// <summary>Input workers the recipe asks for (default: one per core).</summary>
    public int Workers { get; }

    public bool UsesViews => _recipe.Method == "alignment";

    /// <summary>Order of the items in an epoch (a permutation fixed by seed and epoch).</summary>
    public int[] Order(int epoch)
    {
        var rng = new SeededRandom(_recipe.Seed, (ulong)epoch, 0x4F52444552);
        return _recipe.DistinctClassesPerBatch ? ClassDistinctOrder.Create(_items, _recipe.BatchSize, rng) : rng.Permutation(_items.Count);
    }

    /// <summary>Batch index of an epoch as flat arrays.</summary>
    public TrainingBatch Build(int epoch, int index, int[] order)
    {
        var b = _recipe.BatchSize;
        var (augment, neighbours) = Views;
        var images = new float[b * ImageLength];
        var spectrograms = new float[b * AudioLength];
        var augImages = augment ? new float[b * ImageLength] : null;
        var augSpectrograms = augment ? new float[b * AudioLength] : null;
        var nImages = neighbours ? new float[b * ImageLength] : null;
        var nSpectrograms = neighbours ? new float[b * AudioLength] : null;
        float[]?[] arrays = [images, augImages, nImages, spectrograms, augSpectrograms, nSpectrograms];
        var skipped = Fill(epoch, index, order, view => arrays[view]);
        return new TrainingBatch(epoch, index, b, images, augImages, nImages, spectrograms, augSpectrograms, nSpectrograms, skipped);
    }

    /// <summary>The same batch written into host tensors of <see cref="ViewShapes"/>; returns the items skipped.</summary>
    public int BuildInto(int epoch, int index, int[] order, HostBatch host) => Fill(epoch, index, order, host.Floats);

    /// <summary>Shapes of the six views (null for a view the recipe leaves off), for a <see cref="HostBatchPool"/>.</summary>
    public long[]?[] ViewShapes()
    {
        long b = _recipe.BatchSize, s = ImageSize, f = FrequencyBins, t = Frames;
        var (augment, neighbours) = Views;
        long[] image = [b, 3, s, s], sound = [b, 1, f, t];
        return [image, augment ? image : null, neighbours ? image : null, sound, augment ? sound : null, neighbours ? sound : null];
    }

    private (bool Augment, bool Neighbours) Views => (UsesViews && _recipe.AugmentedView, UsesViews && _recipe.NeighbourView);

    private int ImageLength => 3 * ImageSize * ImageSize;

    private int AudioLength => FrequencyBins * Frames;

    /// <summary>Where view v's floats go (the whole batch's; 0 images, 1 augmented, 2 neighbour, 3..5 their sounds).</summary>
    private delegate Span<float> ViewTarget(int view);

    // One thread, slot after slot: training builds its batches with BatchStream's workers; this path is the
    // reference they are tested against, and what a caller gets for a single batch.
    private int Fill(int epoch, int index, int[] order, ViewTarget target)
    {
        var buffers = RentBuffers();
        try
        {
            var skipped = 0;
            for (var slot = 0; slot < _recipe.BatchSize; slot++)
            {
                skipped += BuildSlot(epoch, index, slot, order, target, buffers);
            }
            return skipped;
        }
        finally
        {
            ReturnBuffers(buffers);
        }
    }

    /// <summary>
    /// Writes one item of a batch (its slot in every view of <paramref name="host"/>) with the worker's reused
    /// arrays; returns how many unreadable items it replaced (skip_bad), 0 otherwise.
    /// </summary>
    internal int BuildSlot(int epoch, int index, int slot, int[] order, HostBatch host, WorkerBuffers buffers) =>
        BuildSlot(epoch, index, slot, order, host.Floats, buffers);

    private int BuildSlot(int epoch, int index, int slot, int[] order, ViewTarget target, WorkerBuffers buffers)
    {
        var b = _recipe.BatchSize;
        var imageLength = ImageLength;
        var audioLength = AudioLength;
        var (augment, neighbours) = Views;
        var position = (index * b) + slot;
        var item = order[position];
        for (var attempt = 0; ; attempt++)
        {
            var rng = new SeededRandom(_recipe.Seed, (ulong)epoch, (ulong)position, (ulong)attempt);
            try
            {
                // The anchor's picture and sound are finished with before the neighbour's reuse their arrays.
                var picture = DecodeImage(item, buffers);
                var sound = LoadAudio(item, buffers);
                _transform.Plain(picture, rng, target(0).Slice(slot * imageLength, imageLength));
                _audio.LogSpectrogram(sound, _recipe.AudioWindow, 0, target(3).Slice(slot * audioLength, audioLength));
                if (augment)
                {
                    _transform.Augmented(picture, rng, target(1).Slice(slot * imageLength, imageLength));
                    var shift = rng.Next(2 * AudioShiftSamples) - AudioShiftSamples;
                    shift = ClampShift(shift);
                    _audio.LogSpectrogram(sound, _recipe.AudioWindow, shift, target(4).Slice(slot * audioLength, audioLength));
                }
                if (neighbours)
                {
                    var vi = Pick(_imageNeighbours![item], rng);
                    var ai = Pick(_audioNeighbours![item], rng);
                    _transform.Plain(DecodeImage(vi, buffers), rng, target(2).Slice(slot * imageLength, imageLength));
                    _audio.LogSpectrogram(LoadAudio(ai, buffers), _recipe.AudioWindow, 0, target(5).Slice(slot * audioLength, audioLength));
                }
                return attempt;
            }
            catch (InputException) when (_recipe.SkipBad && attempt < 20)
            {
                // A replacement drawn from the same keyed generator keeps resumed runs identical.
                item = rng.Next(_items.Count);
            }
        }
    }

    /// <summary>Keeps a shifted window inside the 10-s clip (it can leave it only for windows longer than 3 s).</summary>
    private int ClampShift(int shift)
    {
        var (start, end) = _recipe.AudioWindow.SampleRange();
        var clip = _recipe.AudioWindow.ClipSampleCount();
        return Math.Clamp(shift, -start, clip - end);
    }

    private static int Pick(int[] candidates, SeededRandom rng) => candidates[rng.Next(candidates.Length)];

    /// <summary>A worker's decode targets, kept by the builder from batch to batch and epoch to epoch.</summary>
    internal WorkerBuffers RentBuffers() => _buffers.TryTake(out var buffers) ? buffers : new WorkerBuffers();

    internal void ReturnBuffers(WorkerBuffers buffers) => _buffers.Add(buffers);

    private RgbImage DecodeImage(int item, WorkerBuffers buffers)
    {
        try
        {
            return _decoder.Decode(_items[item].ImagePath, buffers.Pixels);
        }
        catch (InputException e)
        {
            _bad[item] = true;
            throw new InputException(_items[item].Line, e.Message);
        }
    }

    private AudioClip LoadAudio(int item, WorkerBuffers buffers)
    {
        try
        {
            return AudioLoader.Load(_items[item].AudioPath, buffers.Samples);
        }
        catch (InputException e)
        {
            _bad[item] = true;
            throw new InputException(_items[item].Line, e.Message);
        }
    }

    /// <summary>
    /// Checks every item before training (files exist, headers readable), so a bad item is reported with its
    /// manifest line at the start, not hours in. Returns the bad items with their problems.
    /// </summary>
    public static IReadOnlyList<(TrainingItem Item, string Problem)> Scan(IReadOnlyList<TrainingItem> items, int workers)
    {
        var bad = new ConcurrentBag<(int, TrainingItem, string)>();
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var item = items[i];
            if (!File.Exists(item.ImagePath))
            {
                bad.Add((i, item, $"image not found: {item.ImagePath}"));
            }
            else if (!File.Exists(item.AudioPath))
            {
                bad.Add((i, item, $"audio not found: {item.AudioPath}"));
            }
            else if (new FileInfo(item.ImagePath).Length == 0 || new FileInfo(item.AudioPath).Length == 0)
            {
                bad.Add((i, item, "empty file"));
            }
        });
        return bad.OrderBy(b => b.Item1).Select(b => (b.Item2, b.Item3)).ToList();
    }
}
