using SoundSight.Data;
using SoundSight.Runtime;

namespace SoundSight.Training;

/// <summary>
/// An epoch order in which consecutive batches hold no class twice where the data allow it. With few classes
/// (a composed dataset of 16-24 categories and batches of 32) a plain shuffle puts several items of a class in
/// one batch, and InfoNCE then pushes apart pairs that are in truth positives; the authors' VGGSound has 309
/// classes, so they never needed this. Items without a class count as classes of their own.
/// </summary>
public static class ClassDistinctOrder
{
    public static int[] Create(IReadOnlyList<TrainingItem> items, int batchSize, SeededRandom rng)
    {
        var queues = items
            .Select((item, index) => (Key: item.Class ?? $"\u0001{item.Id}", index))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<int>(Shuffle(g.Select(x => x.index).ToArray(), rng)))
            .ToList();
        var order = new List<int>(items.Count);
        var inBatch = new HashSet<int>();
        while (order.Count < items.Count)
        {
            if (order.Count % batchSize == 0)
            {
                inBatch.Clear();
            }
            // Drawing a class in proportion to what it has left keeps big classes from piling up at the end.
            var open = Enumerable.Range(0, queues.Count).Where(c => queues[c].Count > 0 && !inBatch.Contains(c)).ToList();
            if (open.Count == 0)
            {
                open = Enumerable.Range(0, queues.Count).Where(c => queues[c].Count > 0).ToList();
            }
            var total = open.Sum(c => queues[c].Count);
            var pick = rng.Next(total);
            var chosen = open[^1];
            foreach (var c in open)
            {
                if (pick < queues[c].Count)
                {
                    chosen = c;
                    break;
                }
                pick -= queues[c].Count;
            }
            inBatch.Add(chosen);
            order.Add(queues[chosen].Dequeue());
        }
        return [.. order];
    }

    private static int[] Shuffle(int[] values, SeededRandom rng)
    {
        var p = rng.Permutation(values.Length);
        return p.Select(i => values[i]).ToArray();
    }
}
