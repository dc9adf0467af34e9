using System.Threading.Channels;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>The input pipeline's last stage: batches built on worker threads and uploaded ahead of the training step.</summary>
public static class DeviceBatchPrefetch
{
    /// <summary>
    /// Batches first..last - 1 of an epoch, built and uploaded to device on a background thread while the caller
    /// trains on the previous one; the caller disposes each. Leaving the loop early stops the builder.
    /// </summary>
    public static IEnumerable<DeviceBatch> Batches(BatchBuilder builder, int epoch, int[] order, int first, int last, Device device, CancellationToken cancel)
    {
        // Workers build up to two batches at once (BatchStream: no pause at batch boundaries); a finished batch is
        // sent to the device and waits in a one-place channel while the model works on the current one. Batches the
        // reader never takes are disposed when the loop ends. Each batch is decoded straight into a reused host set
        // (pinned for a GPU): no per-batch allocation, no copy on the CPU, one asynchronous copy to a GPU.
        var channel = Channel.CreateBounded<DeviceBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: device.type == DeviceType.CUDA);
        var producer = Task.Run(async () =>
        {
            try
            {
                using var stream = new BatchStream(builder, pool, epoch, order, first, last, builder.Workers);
                while (!stop.IsCancellationRequested && stream.Next() is { } built)
                {
                    DeviceBatch uploaded;
                    try
                    {
                        uploaded = DeviceBatch.FromHost(built.Host, pool, epoch, built.Index, builder.BatchSize, built.Skipped, device);
                    }
                    catch
                    {
                        pool.Return(built.Host);
                        throw;
                    }
                    try
                    {
                        await channel.Writer.WriteAsync(uploaded, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        uploaded.Dispose();
                        throw;
                    }
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        });
        try
        {
            while (true)
            {
                DeviceBatch? batch;
                try
                {
                    if (!channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                    channel.Reader.TryRead(out batch);
                }
                catch (ChannelClosedException e) when (e.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
                if (batch is not null)
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // The producer's failure, if any, already reached the reader.
            }
            while (channel.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }
}
