using SoundSight.IO;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// The picture and sound files of a benchmark's entries under a data root, for work on the pairs themselves
/// (retrieval embeds them): every entry's files must be there, or, when allowed, the missing ones are left out with
/// a note.
/// </summary>
public static class BenchmarkPairFinder
{
    public static (List<BenchmarkPair> Pairs, List<string> Notes) Find(BenchmarkSet set, DataRoot root, bool allowMissing)
    {
        var pairs = new List<BenchmarkPair>();
        var missing = new List<string>();
        var notes = new List<string>();
        foreach (var e in set.Entries)
        {
            var image = root.Find(e.ImageCandidates);
            var audio = root.Find(e.AudioCandidates);
            if (image is null || audio is null)
            {
                missing.Add($"{e.Name} ({Path.GetFileName(image is null ? e.ImageCandidates[0] : e.AudioCandidates[0])})");
                continue;
            }
            pairs.Add(new BenchmarkPair(image, audio, string.IsNullOrEmpty(e.Class) ? null : e.Class));
        }
        if (missing.Count > 0)
        {
            var message = $"{missing.Count} of {set.Entries.Count} entries have no picture or sound here; first: {string.Join(", ", missing.Take(5))}";
            if (!allowMissing)
            {
                throw new InputException(root.Root, message + $" ({Setting.Mention(Setting.AllowMissing)} scores the rest)");
            }
            notes.Add($"{root.Root}: {message}; scoring the {pairs.Count} that exist ({Setting.Mention(Setting.AllowMissing)})");
        }
        return (pairs, notes);
    }
}
