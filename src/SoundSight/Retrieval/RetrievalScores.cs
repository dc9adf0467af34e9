using System.Globalization;
using System.Text.Json.Nodes;
using SoundSight.IO;

namespace SoundSight.Retrieval;

/// <summary>
/// R@K of a set of picture-sound pairs both ways (audio -> image, image -> audio) in each available space, and the
/// JSON the `retrieve` command writes: nested by space and direction, plus the flat names of the authors'
/// train.py (A2I_a1 ... proj_I2A_a10) so numbers can be compared line by line.
/// </summary>
public sealed record RetrievalScores(int Samples, bool ByClass, int Classes, IReadOnlyDictionary<RetrievalSpace, RetrievalScores.Directions> Spaces)
{
    /// <summary>R@K per K for each direction.</summary>
    public sealed record Directions(IReadOnlyDictionary<int, double> AudioToImage, IReadOnlyDictionary<int, double> ImageToAudio);

    /// <param name="classes">One per pair, or null: a hit is then the query's own pair.</param>
    public static RetrievalScores Compute(EmbeddingTable table, IReadOnlyList<string?>? classes, int[] ks,
        int queryChunk = TopKSearch.DefaultQueryChunk, int galleryChunk = TopKSearch.DefaultGalleryChunk)
    {
        var spaces = new Dictionary<RetrievalSpace, Directions>();
        var n = 0;
        foreach (var space in new[] { RetrievalSpace.Projection, RetrievalSpace.Raw })
        {
            var images = table.Images(space);
            var sounds = table.Sounds(space);
            if (images is null || sounds is null)
            {
                continue;
            }
            n = (int)images.shape[0];
            spaces[space] = new Directions(
                RetrievalMetrics.Recall(sounds, images, classes, ks, queryChunk, galleryChunk),
                RetrievalMetrics.Recall(images, sounds, classes, ks, queryChunk, galleryChunk));
        }
        var distinct = classes?.Where(c => c is not null).Distinct(StringComparer.Ordinal).Count() ?? 0;
        return new RetrievalScores(n, classes is not null, distinct, spaces);
    }

    public JsonObject ToJson()
    {
        var root = new JsonObject
        {
            ["samples"] = Samples,
            ["protocol"] = ByClass ? "class" : "pair",
            ["classes"] = Classes,
        };
        var official = new JsonObject();
        foreach (var (space, d) in Spaces)
        {
            var name = SpaceName(space);
            root[name] = new JsonObject
            {
                ["audio_to_image"] = Recalls(d.AudioToImage),
                ["image_to_audio"] = Recalls(d.ImageToAudio),
            };
            var prefix = space == RetrievalSpace.Projection ? "proj_" : "";
            foreach (var (k, v) in d.AudioToImage)
            {
                official[$"{prefix}A2I_a{k}"] = v;
            }
            foreach (var (k, v) in d.ImageToAudio)
            {
                official[$"{prefix}I2A_a{k}"] = v;
            }
        }
        root["official_names"] = official;
        return root;
    }

    public void WriteJson(string path) => AtomicFile.WriteAllText(path, ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>A plain-text table, percentages.</summary>
    public string Table()
    {
        var ks = Spaces.Values.SelectMany(d => d.AudioToImage.Keys).Distinct().Order().ToList();
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Format(c, "{0,-12} {1,-16}", "space", "direction") + string.Concat(ks.Select(k => string.Format(c, " {0,7}", $"R@{k}"))),
        };
        foreach (var (space, d) in Spaces.OrderBy(kv => kv.Key))
        {
            foreach (var (label, values) in new[] { ("audio->image", d.AudioToImage), ("image->audio", d.ImageToAudio) })
            {
                lines.Add(string.Format(c, "{0,-12} {1,-16}", SpaceName(space), label) + string.Concat(ks.Select(k => string.Format(c, " {0,7:0.00}", values[k] * 100))));
            }
        }
        return string.Join(Environment.NewLine, lines);
    }

    public static string SpaceName(RetrievalSpace space) => space == RetrievalSpace.Projection ? "projection" : "raw";

    private static JsonObject Recalls(IReadOnlyDictionary<int, double> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values.OrderBy(kv => kv.Key))
        {
            o[$"R@{k}"] = v;
        }
        return o;
    }
}
