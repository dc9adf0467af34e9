using SoundSight.Data;
using SoundSight.Runtime;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

public sealed class ClassDistinctOrderTests
{
    private static List<TrainingItem> Items(int classes, int perClass, int unlabelled = 0)
    {
        var items = new List<TrainingItem>();
        for (var c = 0; c < classes; c++)
        {
            for (var i = 0; i < perClass + c; i++)
            {
                items.Add(new TrainingItem($"c{c}-{i}", "x.png", "x.wav", $"class{c}", $"line {items.Count}"));
            }
        }
        for (var i = 0; i < unlabelled; i++)
        {
            items.Add(new TrainingItem($"u{i}", "x.png", "x.wav", null, $"line {items.Count}"));
        }
        return items;
    }

    [Fact]
    public void IsAPermutationWithoutRepeatedClassesInABatch()
    {
        var items = Items(classes: 20, perClass: 10, unlabelled: 7);
        var order = ClassDistinctOrder.Create(items, 16, new SeededRandom(1, 2));
        Assert.Equal(Enumerable.Range(0, items.Count), order.Order());
        // Every full batch but the last few (where only the biggest classes are left) has distinct classes.
        var batches = order.Chunk(16).Where(b => b.Length == 16).ToList();
        var clean = batches.Count(b => b.Select(i => items[i].Class ?? items[i].Id).Distinct().Count() == b.Length);
        Assert.True(clean >= batches.Count - 2, $"{clean} of {batches.Count} batches without a repeated class");
    }

    [Fact]
    public void SameSeedSameOrderOtherSeedOtherOrder()
    {
        var items = Items(classes: 5, perClass: 6);
        Assert.Equal(ClassDistinctOrder.Create(items, 4, new SeededRandom(3)), ClassDistinctOrder.Create(items, 4, new SeededRandom(3)));
        Assert.NotEqual(ClassDistinctOrder.Create(items, 4, new SeededRandom(3)), ClassDistinctOrder.Create(items, 4, new SeededRandom(4)));
    }

    [Fact]
    public void FewerClassesThanTheBatchRepeatAsLittleAsPossible()
    {
        var items = Items(classes: 3, perClass: 8);
        var order = ClassDistinctOrder.Create(items, 6, new SeededRandom(9));
        Assert.Equal(Enumerable.Range(0, items.Count), order.Order());
        var first = order.Take(6).Select(i => items[i].Class).ToList();
        Assert.Equal(3, first.Distinct().Count());
    }
}
