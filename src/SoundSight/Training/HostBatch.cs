using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// Host tensors one batch is decoded straight into (images [B, 3, S, S], spectrograms [B, 1, F, T] per view; null
/// when the view is off): for a GPU in pinned memory, so the upload is one asynchronous copy; on the CPU the model
/// reads them as they are, with no copy at all. Sets are reused through <see cref="HostBatchPool"/>.
/// </summary>
public sealed class HostBatch : IDisposable
{
    private readonly Tensor?[] _views;

    internal HostBatch(Tensor?[] views)
    {
        _views = views;
    }

    /// <summary>View v (0 images, 1 augmented images, 2 neighbour images, 3 spectrograms, 4 augmented, 5 neighbour).</summary>
    public Tensor? this[int view] => _views[view];

    /// <summary>The floats of view v, for the builder to write into (the tensor's own memory).</summary>
    public Span<float> Floats(int view) => _views[view] is { } t ? MemoryMarshal.Cast<byte, float>(t.bytes) : default;

    public void Dispose()
    {
        foreach (var t in _views)
        {
            t?.Dispose();
        }
    }
}

/// <summary>
/// Reusable <see cref="HostBatch"/> sets of one shape. A set goes back to the pool when the batch made from it is
/// disposed, i.e. after the training step that used it has finished (the step reads its loss, which waits for the
/// GPU), so a set is never rewritten while a copy from it may still be running.
/// </summary>
public sealed class HostBatchPool : IDisposable
{
    private readonly ConcurrentBag<HostBatch> _free = [];
    private readonly long[][] _shapes;
    private readonly bool _pinned;
    private int _disposed;

    /// <param name="shapes">The six view shapes (null for a view that is off).</param>
    /// <param name="pinned">Page-locked host memory (needs a CUDA libtorch): for a GPU.</param>
    public HostBatchPool(long[]?[] shapes, bool pinned)
    {
        _shapes = shapes.Select(s => s ?? []).ToArray();
        _pinned = pinned;
    }

    public HostBatch Rent()
    {
        if (_free.TryTake(out var set))
        {
            return set;
        }
        return new HostBatch(_shapes.Select(s => s.Length == 0 ? null : Allocate(s)).ToArray());
    }

    public void Return(HostBatch set)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            set.Dispose();
            return;
        }
        _free.Add(set);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        while (_free.TryTake(out var set))
        {
            set.Dispose();
        }
    }

    private Tensor Allocate(long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        if (!_pinned)
        {
            return t;
        }
        using (t)
        {
            return t.pin_memory();
        }
    }
}
