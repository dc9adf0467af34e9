using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>The evaluation loop's prefetch: batches in order, bounded ahead, failures at the batch that failed, early stop.</summary>
public sealed class BatchPrefetcherTests
{
    [Fact]
    public void BatchesComeInOrderAndNeverMoreThanTheBoundAhead()
    {
        var made = 0;
        var consumed = 0;
        var worstLead = 0;
        using var prefetch = new BatchPrefetcher<int>(20, k =>
        {
            Interlocked.Increment(ref made);
            return k;
        }, ahead: 2);
        var seen = new List<int>();
        foreach (var k in prefetch.Batches())
        {
            Thread.Sleep(2);
            // Made but not yet consumed: the two waiting, plus at most the one being added and the one in hand.
            worstLead = Math.Max(worstLead, Volatile.Read(ref made) - consumed);
            seen.Add(k);
            consumed++;
        }
        Assert.Equal(Enumerable.Range(0, 20), seen);
        Assert.InRange(worstLead, 1, 4);
    }

    [Fact]
    public void FailureReachesTheConsumerAfterTheGoodBatches()
    {
        using var prefetch = new BatchPrefetcher<int>(5, k => k == 3 ? throw new InputException("pic3.jpg", "not a JPEG") : k);
        var seen = new List<int>();
        var e = Assert.Throws<InputException>(() =>
        {
            foreach (var k in prefetch.Batches())
            {
                seen.Add(k);
            }
        });
        Assert.Equal([0, 1, 2], seen);
        Assert.Contains("pic3.jpg", e.Message);
    }

    [Fact]
    public void StoppingEarlyStopsTheProducer()
    {
        var made = 0;
        using (var prefetch = new BatchPrefetcher<int>(1000, k =>
        {
            Interlocked.Increment(ref made);
            return k;
        }, ahead: 1))
        {
            Assert.Equal(0, prefetch.Batches().First());
        }
        Assert.InRange(Volatile.Read(ref made), 1, 4);
    }

    [Fact]
    public void NoBatchesIsAnEmptyRun()
    {
        using var prefetch = new BatchPrefetcher<int>(0, k => k);
        Assert.Empty(prefetch.Batches());
    }
}
