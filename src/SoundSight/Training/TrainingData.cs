using SoundSight.Data;
using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>
/// What a recipe trains and validates on: its manifest checked item by item (unreadable items stop the run unless
/// the recipe skips them), split into training and validation items (or a separate validation manifest), the
/// neighbour lists of the training items when the recipe uses them, and the batches built from them.
/// </summary>
public sealed class TrainingData
{
    private TrainingData(IReadOnlyList<TrainingItem> train, IReadOnlyList<TrainingItem> validation, int unreadableDropped, TrainingNeighbours? neighbours, BatchBuilder batches)
    {
        Train = train;
        Validation = validation;
        UnreadableDropped = unreadableDropped;
        Neighbours = neighbours;
        Batches = batches;
    }

    public IReadOnlyList<TrainingItem> Train { get; }

    public IReadOnlyList<TrainingItem> Validation { get; }

    /// <summary>Items of the manifest left out because their files are missing or empty (only with skip_bad).</summary>
    public int UnreadableDropped { get; }

    /// <summary>The third view's neighbour lists; null when the recipe has no neighbour view.</summary>
    public TrainingNeighbours? Neighbours { get; }

    public BatchBuilder Batches { get; }

    /// <summary>Reads and checks the recipe's data; a problem is an <see cref="InputException"/> naming the file.</summary>
    public static TrainingData Load(TrainingRecipe recipe)
    {
        var all = TrainingSet.Load(recipe.Train!);
        var bad = BatchBuilder.Scan(all, recipe.Workers ?? Environment.ProcessorCount);
        if (bad.Count > 0 && !recipe.SkipBad)
        {
            var (item, problem) = bad[0];
            throw new InputException(item.Line, $"{problem} ({bad.Count} unreadable item(s) in all; fix them or train with {Setting.Mention(Setting.SkipBad)})");
        }
        var badIds = bad.Select(b => b.Item.Id).ToHashSet(StringComparer.Ordinal);
        var usable = all.Where(i => !badIds.Contains(i.Id)).ToList();
        var (train, validation) = recipe.Validation is { } v
            ? (usable, TrainingSet.Load(v))
            : TrainingSet.Split(usable, recipe.ValidationFraction, recipe.Seed);
        if (train.Count < recipe.BatchSize)
        {
            throw new InputException(recipe.Train!, $"{train.Count} training items, fewer than one batch of {recipe.BatchSize}");
        }
        TrainingNeighbours? neighbours = null;
        if (recipe.Method == "alignment" && recipe.NeighbourView)
        {
            var table = NeighbourTable.Load(recipe.Neighbours!);
            var (images, sounds) = table.For(train, recipe.NeighbourTopK, recipe.Neighbours!);
            // Measured on the lists this run draws from (its items, its top K).
            neighbours = new TrainingNeighbours(images, sounds, table.Mining, NeighbourQuality.Measure(train, images, sounds));
        }
        var batches = new BatchBuilder(train, recipe, neighbours?.Images, neighbours?.Sounds);
        return new TrainingData(train, validation, bad.Count, neighbours, batches);
    }
}
