using SoundSight.Data;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>Decoding into reused host tensors gives the floats of the array path, for every view, set after set.</summary>
public sealed class HostBatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}");

    public HostBatchTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HostTensorsHoldWhatTheArraysHold()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 8);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["batch_size=4", "neighbour_view=true"]);
        var items = TrainingSet.Load(manifest);
        var self = Enumerable.Range(0, items.Count).Select(i => new[] { (i + 1) % items.Count }).ToArray();
        var builder = new BatchBuilder(items, recipe, self, self);
        var order = builder.Order(0);
        using var pool = new HostBatchPool(builder.ViewShapes(), pinned: false);
        for (var index = 0; index < builder.BatchesPerEpoch; index++)
        {
            var arrays = builder.Build(0, index, order);
            var host = pool.Rent();
            builder.BuildInto(0, index, order, host);
            float[]?[] expected = [arrays.Images, arrays.AugmentedImages, arrays.NeighbourImages, arrays.Spectrograms, arrays.AugmentedSpectrograms, arrays.NeighbourSpectrograms];
            for (var view = 0; view < expected.Length; view++)
            {
                Assert.NotNull(expected[view]);
                Assert.True(host.Floats(view).SequenceEqual(expected[view]), $"batch {index}, view {view}");
                Assert.Equal(expected[view]!.Length, host[view]!.numel());
            }
            pool.Return(host); // the next batch reuses this set
        }
    }
}
