using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Makes batches 0..count - 1 on a thread of its own while the caller consumes the earlier ones in order, with at
/// most <c>ahead</c> finished batches waiting (bounded memory): decoding the next batch overlaps the model on the
/// current one. A failure while making a batch is thrown to the consumer when it reaches that batch; a consumer
/// that stops early (disposing) stops the producer. Training's BatchStream does the same for three-view batches
/// item by item; evaluation batches are decoded a batch at a time with the cores in parallel, so one producer is enough.
/// </summary>
internal sealed class BatchPrefetcher<T> : IDisposable
{
    private readonly BlockingCollection<T> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _producer;
    private ExceptionDispatchInfo? _failure;

    public BatchPrefetcher(int count, Func<int, T> make, int ahead = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ahead);
        _ready = new BlockingCollection<T>(ahead);
        _producer = new Thread(() => Produce(count, make)) { IsBackground = true, Name = "evaluation prefetch" };
        _producer.Start();
    }

    /// <summary>The batches in order; rethrows the producer's failure at the batch it failed on.</summary>
    public IEnumerable<T> Batches()
    {
        foreach (var batch in _ready.GetConsumingEnumerable())
        {
            yield return batch;
        }
        _failure?.Throw();
    }

    private void Produce(int count, Func<int, T> make)
    {
        try
        {
            for (var k = 0; k < count && !_stop.IsCancellationRequested; k++)
            {
                _ready.Add(make(k), _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped: nothing more is wanted.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _producer.Join();
        _ready.Dispose();
        _stop.Dispose();
    }
}
