using System.Runtime.ExceptionServices;

namespace SoundSight.Training;

/// <summary>
/// Builds batches first..last - 1 of an epoch, in order, with workers that take items one at a time across batch
/// boundaries: a worker done with its share of one batch starts on the next instead of waiting for the slowest
/// item, which a batch-at-a-time loop pays at every batch (with 16 workers on 128 items, about the spread of eight
/// items' times). At most <c>window</c> batches are being built at once, each in a host set from the pool.
/// </summary>
/// <remarks>
/// Every draw is keyed by (seed, epoch, position), so a batch holds the same floats as
/// <see cref="BatchBuilder.BuildInto"/> gives, whatever the workers and the order they finish in.
/// </remarks>
public sealed class BatchStream : IDisposable
{
    private readonly BatchBuilder _builder;
    private readonly HostBatchPool _pool;
    private readonly int _epoch;
    private readonly int[] _order;
    private readonly int _first;
    private readonly int _last;
    private readonly Building?[] _ring;
    private readonly Thread[] _workers;
    private readonly object _gate = new();
    private long _nextItem = -1;
    private int _created;
    private int _delivered;
    private bool _stopped;
    private ExceptionDispatchInfo? _failure;

    public BatchStream(BatchBuilder builder, HostBatchPool pool, int epoch, int[] order, int first, int last, int workers, int window = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        _builder = builder;
        _pool = pool;
        _epoch = epoch;
        _order = order;
        _first = first;
        _last = Math.Max(first, last);
        _created = first;
        _delivered = first;
        _ring = new Building?[window];
        _workers = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            _workers[w] = new Thread(Work) { IsBackground = true, Name = $"input worker {w}" };
            _workers[w].Start();
        }
    }

    /// <summary>
    /// The next batch in order, once all its items are written: its host set (now the caller's, to return to the
    /// pool) and the unreadable items replaced in it. Null after the last. An input error in any worker is thrown
    /// here, as <see cref="BatchBuilder.BuildInto"/> would throw it.
    /// </summary>
    public (HostBatch Host, int Index, int Skipped)? Next()
    {
        lock (_gate)
        {
            while (true)
            {
                _failure?.Throw();
                if (_delivered >= _last)
                {
                    return null;
                }
                if (_ring[_delivered % _ring.Length] is { Remaining: 0 } done && done.Index == _delivered)
                {
                    _ring[_delivered % _ring.Length] = null;
                    _delivered++;
                    Monitor.PulseAll(_gate);
                    return (done.Host, done.Index, done.Skipped);
                }
                Monitor.Wait(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var worker in _workers)
        {
            worker.Join();
        }
        for (var k = 0; k < _ring.Length; k++)
        {
            if (_ring[k] is { } unfinished)
            {
                _pool.Return(unfinished.Host);
                _ring[k] = null;
            }
        }
    }

    private void Work()
    {
        var buffers = _builder.RentBuffers();
        try
        {
            Work(buffers);
        }
        finally
        {
            _builder.ReturnBuffers(buffers);
        }
    }

    private void Work(WorkerBuffers buffers)
    {
        var perBatch = (long)_builder.BatchSize;
        var total = (_last - _first) * perBatch;
        while (true)
        {
            var item = Interlocked.Increment(ref _nextItem);
            if (item >= total)
            {
                return;
            }
            var batch = Claim(_first + (int)(item / perBatch));
            if (batch is null)
            {
                return;
            }
            try
            {
                var skipped = _builder.BuildSlot(_epoch, batch.Index, (int)(item % perBatch), _order, batch.Host, buffers);
                if (skipped > 0)
                {
                    Interlocked.Add(ref batch.Skipped, skipped);
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= ExceptionDispatchInfo.Capture(e);
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
                return;
            }
            if (Interlocked.Decrement(ref batch.Remaining) == 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>The batch an item belongs to, started (in order, when its place in the window is free) if it is not yet.</summary>
    private Building? Claim(int index)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_stopped)
                {
                    return null;
                }
                var place = index % _ring.Length;
                if (_ring[place] is { } building && building.Index == index)
                {
                    return building;
                }
                // Batches start in order; the one before this may still be waiting for the worker that holds its
                // first item, and this place frees only when the batch a window earlier has been delivered.
                if (index == _created && _ring[place] is null)
                {
                    var started = new Building(index, _pool.Rent(), _builder.BatchSize);
                    _ring[place] = started;
                    _created++;
                    Monitor.PulseAll(_gate);
                    return started;
                }
                Monitor.Wait(_gate);
            }
        }
    }

    private sealed class Building(int index, HostBatch host, int items)
    {
        public int Remaining = items;
        public int Skipped;

        public int Index { get; } = index;

        public HostBatch Host { get; } = host;
    }
}
