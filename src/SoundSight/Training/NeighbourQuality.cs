using System.Globalization;
using System.Text.Json.Serialization;
using SoundSight.Data;

namespace SoundSight.Training;

/// <summary>
/// How right one modality's neighbour lists are: precision@1, @5 and @K against the manifest's class column (the
/// share of an anchor's first k neighbours whose class is the anchor's, averaged over anchors; a list shorter than
/// k counts what it has), and the share of the K neighbours that are the anchor's own file (the same clip or the
/// same picture, which adds no new view). Precisions are null when the items carry no class.
/// </summary>
public sealed record ModalityNeighbourQuality(
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("precision_at_1")] double? PrecisionAt1,
    [property: JsonPropertyName("precision_at_5")] double? PrecisionAt5,
    [property: JsonPropertyName("precision_at_k")] double? PrecisionAtK,
    [property: JsonPropertyName("same_file")] double SameFile)
{
    public string Describe() => PrecisionAt1 is null
        ? string.Create(CultureInfo.InvariantCulture, $"no classes; same file {SameFile:0.00} of top {K}")
        : string.Create(CultureInfo.InvariantCulture, $"precision@1 {PrecisionAt1:0.00}, @5 {PrecisionAt5:0.00}, @{K} {PrecisionAtK:0.00}; same file {SameFile:0.00}");
}

/// <summary>Both modalities' <see cref="ModalityNeighbourQuality"/>, measured on the items the lists index.</summary>
public sealed record NeighbourQuality(
    [property: JsonPropertyName("image")] ModalityNeighbourQuality Image,
    [property: JsonPropertyName("audio")] ModalityNeighbourQuality Audio)
{
    /// <summary>Measures lists that index <paramref name="items"/> (position i's neighbours in list i).</summary>
    public static NeighbourQuality Measure(IReadOnlyList<TrainingItem> items, int[][] image, int[][] audio) =>
        new(Of(items, image, i => i.ImagePath), Of(items, audio, i => i.AudioPath));

    public string Describe() => $"pictures: {Image.Describe()}; sounds: {Audio.Describe()}";

    private static ModalityNeighbourQuality Of(IReadOnlyList<TrainingItem> items, int[][] lists, Func<TrainingItem, string> file)
    {
        if (lists.Length != items.Count)
        {
            throw new ArgumentException($"{lists.Length} neighbour lists for {items.Count} items", nameof(lists));
        }
        var k = lists.Length == 0 ? 0 : lists.Max(l => l.Length);
        var labelled = items.Count > 0 && items.All(i => !string.IsNullOrEmpty(i.Class));
        double Precision(int at)
        {
            var sum = 0.0;
            var anchors = 0;
            for (var i = 0; i < items.Count; i++)
            {
                var take = Math.Min(at, lists[i].Length);
                if (take == 0)
                {
                    continue;
                }
                var hits = 0;
                for (var r = 0; r < take; r++)
                {
                    hits += string.Equals(items[lists[i][r]].Class, items[i].Class, StringComparison.Ordinal) ? 1 : 0;
                }
                sum += hits / (double)take;
                anchors++;
            }
            return anchors == 0 ? 0 : sum / anchors;
        }
        var same = 0L;
        var total = 0L;
        for (var i = 0; i < items.Count; i++)
        {
            var own = Path.GetFullPath(file(items[i]));
            foreach (var j in lists[i])
            {
                same += string.Equals(Path.GetFullPath(file(items[j])), own, StringComparison.Ordinal) ? 1 : 0;
                total++;
            }
        }
        return new ModalityNeighbourQuality(
            k,
            labelled ? Precision(1) : null,
            labelled ? Precision(5) : null,
            labelled ? Precision(Math.Max(1, k)) : null,
            total == 0 ? 0 : same / (double)total);
    }
}
