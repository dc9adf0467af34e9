using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// A <see cref="TrainingBatch"/> as tensors where the model is. On the CPU they wrap copies of the arrays; for a GPU
/// they go through pinned memory with asynchronous copies, made on the prefetch thread, so the transfer of the next
/// batch overlaps the current step's compute. The owner disposes it.
/// </summary>
public sealed class DeviceBatch : IDisposable
{
    private readonly Tensor?[] _tensors;

    private DeviceBatch(TrainingBatch source, Tensor?[] tensors)
    {
        Source = source;
        _tensors = tensors;
    }

    public TrainingBatch Source { get; }

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
        Tensor? Images(float[]? data) => data is null ? null : ToDevice(tensor(data, [b, 3, s, s]), device);
        Tensor? Sounds(float[]? data) => data is null ? null : ToDevice(tensor(data, [b, 1, f, t]), device);
        return new DeviceBatch(batch,
        [
            Images(batch.Images), Images(batch.AugmentedImages), Images(batch.NeighbourImages),
            Sounds(batch.Spectrograms), Sounds(batch.AugmentedSpectrograms), Sounds(batch.NeighbourSpectrograms),
        ]);
    }

    /// <summary>A host tensor on <paramref name="device"/>: as it is on the CPU; pinned and copied asynchronously to a GPU.</summary>
    public static Tensor ToDevice(Tensor host, Device? device)
    {
        if (device is null || device.type == DeviceType.CPU)
        {
            return host;
        }
        using (host)
        {
            using var pinned = host.pin_memory();
            return pinned.to(device, non_blocking: true);
        }
    }

    public void Dispose()
    {
        foreach (var t in _tensors)
        {
            t?.Dispose();
        }
    }
}
