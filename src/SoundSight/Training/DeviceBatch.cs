using SoundSight.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// A batch as tensors where the model is. From a <see cref="HostBatch"/> (training): on the CPU the model reads the
/// host tensors themselves; for a GPU the pinned host tensors are copied asynchronously on the prefetch thread, so
/// the copy of batch n+1 overlaps step n. From a <see cref="TrainingBatch"/> (arrays): copies, pinned for a GPU. The
/// owner disposes it, which hands a host set back to its pool.
/// </summary>
public sealed class DeviceBatch : IDisposable
{
    private readonly Tensor?[] _tensors;
    private readonly bool _ownsTensors;
    private readonly Action? _release;

    private DeviceBatch(int epoch, int index, int size, int skipped, Tensor?[] tensors, bool ownsTensors, Action? release)
    {
        (Epoch, Index, Size, SkippedItems) = (epoch, index, size, skipped);
        _tensors = tensors;
        _ownsTensors = ownsTensors;
        _release = release;
    }

    public int Epoch { get; }

    public int Index { get; }

    public int Size { get; }

    /// <summary>Items replaced because they could not be read (skip_bad).</summary>
    public int SkippedItems { get; }

    public Tensor Images => _tensors[0]!;

    public Tensor? AugmentedImages => _tensors[1];

    public Tensor? NeighbourImages => _tensors[2];

    public Tensor Spectrograms => _tensors[3]!;

    public Tensor? AugmentedSpectrograms => _tensors[4];

    public Tensor? NeighbourSpectrograms => _tensors[5];

    /// <param name="device">Where the model is (null: the CPU).</param>
    public static DeviceBatch Upload(TrainingBatch batch, int imageSize, int frequencyBins, int frames, Device? device)
    {
        long b = batch.Size, s = imageSize, f = frequencyBins, t = frames;
        Tensor? Images(float[]? data) => data is null ? null : HostTensors.ToDevice(tensor(data, [b, 3, s, s]), device);
        Tensor? Sounds(float[]? data) => data is null ? null : HostTensors.ToDevice(tensor(data, [b, 1, f, t]), device);
        return new DeviceBatch(batch.Epoch, batch.Index, batch.Size, batch.SkippedItems,
        [
            Images(batch.Images), Images(batch.AugmentedImages), Images(batch.NeighbourImages),
            Sounds(batch.Spectrograms), Sounds(batch.AugmentedSpectrograms), Sounds(batch.NeighbourSpectrograms),
        ], ownsTensors: true, release: null);
    }

    /// <summary>
    /// The batch decoded into host: read in place on the CPU, copied asynchronously to a GPU (host must then be
    /// pinned). Disposing it returns host to pool.
    /// </summary>
    public static DeviceBatch FromHost(HostBatch host, HostBatchPool pool, int epoch, int index, int size, int skipped, Device? device)
    {
        var onCpu = device is null || device.type == DeviceType.CPU;
        var tensors = new Tensor?[6];
        for (var v = 0; v < tensors.Length; v++)
        {
            tensors[v] = host[v] is not { } t ? null : onCpu ? t : t.to(device!, non_blocking: true);
        }
        return new DeviceBatch(epoch, index, size, skipped, tensors, ownsTensors: !onCpu, release: () => pool.Return(host));
    }

    public void Dispose()
    {
        if (_ownsTensors)
        {
            foreach (var t in _tensors)
            {
                t?.Dispose();
            }
        }
        _release?.Invoke();
    }
}
