using SoundSight.Data;
using SoundSight.IO;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// Workers that run across batch boundaries must still deliver every batch in order with exactly the floats of
/// the batch-at-a-time builder, report an unreadable item as it would, and stop cleanly when left early.
/// </summary>
public sealed class BatchStreamTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stream-{Guid.NewGuid():N}");

    public BatchStreamTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    public void BatchesComeInOrderWithTheFloatsOfTheBuilder(int workers, int window)
    {
        var (builder, order) = Builder(12, []);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        using var expectedPool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        using var stream = new BatchStream(builder, pool, 0, order, 1, builder.BatchesPerEpoch, workers, window);
        for (var index = 1; index < builder.BatchesPerEpoch; index++)
        {
            var next = stream.Next();
            Assert.NotNull(next);
            var (host, got, skipped) = next.Value;
            Assert.Equal(index, got);
            Assert.Equal(0, skipped);
            var expected = expectedPool.Rent();
            builder.BuildInto(0, index, order, expected);
            for (var view = 0; view < 6; view++)
            {
                Assert.True(host.Floats(view).SequenceEqual(expected.Floats(view)), $"batch {index}, view {view}");
            }
            expectedPool.Return(expected);
            pool.Return(host);
        }
        Assert.Null(stream.Next());
    }

    [Fact]
    public void AnUnreadableItemIsReportedWithItsManifestLine()
    {
        var (builder, order) = Builder(12, ["skip_bad=false"]);
        var manifest = Path.Combine(_dir, "data", "manifest.csv");
        var victim = TrainingSet.Load(manifest)[order[9]];
        File.WriteAllText(victim.ImagePath, "not a picture");
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        using var stream = new BatchStream(builder, pool, 0, order, 0, builder.BatchesPerEpoch, 3);
        var e = Assert.Throws<InputException>(() =>
        {
            while (stream.Next() is { } batch)
            {
                pool.Return(batch.Host);
            }
        });
        Assert.Equal(victim.Line, e.Path);
        Assert.Contains("not an image", e.Message);
    }

    [Fact]
    public void SkippedItemsAreCountedInTheirBatch()
    {
        var (builder, order) = Builder(12, ["skip_bad=true"]);
        var manifest = Path.Combine(_dir, "data", "manifest.csv");
        File.WriteAllText(TrainingSet.Load(manifest)[order[5]].AudioPath, "not a sound");
        var expected = Enumerable.Range(0, builder.BatchesPerEpoch).Select(i => builder.Build(0, i, order).SkippedItems).ToArray();
        Assert.True(expected.Sum() > 0);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        using var stream = new BatchStream(builder, pool, 0, order, 0, builder.BatchesPerEpoch, 2);
        var got = new List<int>();
        while (stream.Next() is { } batch)
        {
            got.Add(batch.Skipped);
            pool.Return(batch.Host);
        }
        Assert.Equal(expected, got);
    }

    [Fact]
    public async Task LeavingEarlyStopsTheWorkers()
    {
        var (builder, order) = Builder(12, []);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        var stream = new BatchStream(builder, pool, 0, order, 0, builder.BatchesPerEpoch, 3);
        var first = stream.Next();
        Assert.NotNull(first);
        pool.Return(first.Value.Host);
        // Workers are blocked on the full window or mid-item; Dispose must wake and join them all.
        var disposing = Task.Run(stream.Dispose);
        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(30))));
    }

    private (BatchBuilder Builder, int[] Order) Builder(int items, string[] overrides)
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), items);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["batch_size=2", "neighbour_view=true", "augmented_view=true", .. overrides]);
        var set = TrainingSet.Load(manifest);
        var next = Enumerable.Range(0, set.Count).Select(i => new[] { (i + 3) % set.Count }).ToArray();
        var builder = new BatchBuilder(set, recipe, next, next);
        return (builder, builder.Order(0));
    }
}
