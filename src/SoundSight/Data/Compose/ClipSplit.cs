using SoundSight.IO;
using SoundSight.Runtime;

namespace SoundSight.Data.Compose;

/// <summary>
/// Which clips and categories each split may use. Every category's clips are shuffled by the seed and dealt out:
/// the first ones to test, the next to validation, the rest to training, so no clip is heard in two splits.
/// Unseen categories (open-set tests) are left out of training and validation altogether and are the only ones
/// the test split uses.
/// </summary>
public sealed class ClipSplit
{
    private readonly Dictionary<(SplitName, string), IReadOnlyList<KitSound>> _clips = [];
    private readonly Dictionary<SplitName, IReadOnlyList<string>> _categories = [];

    public ClipSplit(AssetKit kit, ComposeOptions options)
    {
        foreach (var unseen in options.UnseenCategories)
        {
            if (!kit.Categories.Contains(unseen))
            {
                throw new InputException(Setting.Mention(Setting.UnseenCategories), $"'{unseen}' is not a category of the kit ({string.Join(", ", kit.Categories)})");
            }
        }
        var seen = kit.Categories.Except(options.UnseenCategories).ToList();
        _categories[SplitName.Train] = seen;
        _categories[SplitName.Validation] = seen;
        _categories[SplitName.Test] = options.UnseenCategories.Count > 0 ? kit.Categories.Intersect(options.UnseenCategories).ToList() : kit.Categories;
        var needed = options.TestClipsPerCategory + options.ValidationClipsPerCategory + 1;
        foreach (var category in kit.Categories)
        {
            var clips = kit.Sounds[category];
            var order = new SeededRandom(options.Seed, 0x434C4950, Hash(category)).Permutation(clips.Count).Select(i => clips[i]).ToList();
            if (options.UnseenCategories.Contains(category))
            {
                _clips[(SplitName.Test, category)] = order;
                continue;
            }
            if (clips.Count < needed)
            {
                throw new InputException(Path.GetDirectoryName(clips[0].Path)!, $"{clips.Count} clips; disjoint train/validation/test splits need at least {needed} per category");
            }
            var test = options.TestClipsPerCategory;
            var validation = options.ValidationClipsPerCategory;
            _clips[(SplitName.Test, category)] = order.Take(test).ToList();
            _clips[(SplitName.Validation, category)] = order.Skip(test).Take(validation).ToList();
            _clips[(SplitName.Train, category)] = order.Skip(test + validation).ToList();
        }
    }

    /// <summary>The categories a split draws sounding objects from (sorted as in the kit).</summary>
    public IReadOnlyList<string> Categories(SplitName split) => _categories[split];

    /// <summary>The clips of a category that a split may play.</summary>
    public IReadOnlyList<KitSound> Clips(SplitName split, string category) => _clips[(split, category)];

    /// <summary>Draws <paramref name="count"/> categories to hold out for an open-set test, by seed, sorted.</summary>
    public static IReadOnlyList<string> DrawUnseen(AssetKit kit, int count, ulong seed)
    {
        if (count < 1 || count >= kit.Categories.Count)
        {
            throw new InputException(Setting.Mention(Setting.UnseenCategories), $"{count} unseen categories: needs at least 1 and fewer than the kit's {kit.Categories.Count}");
        }
        return new SeededRandom(seed, 0x554E5345454EUL).Permutation(kit.Categories.Count).Take(count).Select(i => kit.Categories[i]).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A stable 64-bit key of a name (FNV-1a), so seeds do not depend on the order of categories.</summary>
    public static ulong Hash(string text)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }
        return h;
    }
}
