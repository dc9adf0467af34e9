using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>
/// The "semantically similar" views: for every training item, its nearest neighbours by image features and by
/// audio features, mined separately (`mine-neighbours`). The image view of an anchor comes from the image list, the
/// audio view from the audio list (the authors' code indexes the audio key list for images too: a bug fixed here).
/// Items are identified by id so the file survives reordering of a manifest. The file also says how the lists were
/// mined (<see cref="NeighbourMining"/>) and, when the manifest has classes, how right they are
/// (<see cref="NeighbourQuality"/>).
/// </summary>
public sealed class NeighbourTable
{
    public NeighbourTable(IReadOnlyList<string> ids, int[][] image, int[][] audio, string mining = NeighbourMining.Authors, NeighbourQuality? quality = null)
    {
        Ids = ids;
        Image = image;
        Audio = audio;
        Mining = mining;
        Quality = quality;
    }

    public IReadOnlyList<string> Ids { get; }

    public int[][] Image { get; }

    public int[][] Audio { get; }

    /// <summary>How the lists were mined (a <see cref="NeighbourMining"/> name; files from before it say nothing: the authors').</summary>
    public string Mining { get; }

    /// <summary>Precision of the lists against the manifest's classes, measured when mined (null: not measured).</summary>
    public NeighbourQuality? Quality { get; }

    /// <summary>The same lists with their quality measured on <paramref name="items"/> (the items they were mined from).</summary>
    public NeighbourTable WithQuality(IReadOnlyList<Data.TrainingItem> items) => new(Ids, Image, Audio, Mining, NeighbourQuality.Measure(items, Image, Audio));

    public void Save(string path)
    {
        var payload = new { format = "soundsight-neighbours-1", mining = Mining, quality = Quality, ids = Ids, image = Image, audio = Audio };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(payload));
    }

    public static NeighbourTable Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "neighbour file not found (run `soundsight mine-neighbours`)");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
            int[][] Lists(string name) => root.GetProperty(name).EnumerateArray().Select(l => l.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
            var mining = root.TryGetProperty("mining", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : NeighbourMining.Authors;
            var quality = root.TryGetProperty("quality", out var q) && q.ValueKind == JsonValueKind.Object ? q.Deserialize<NeighbourQuality>() : null;
            return new NeighbourTable(ids, Lists("image"), Lists("audio"), mining, quality);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException(path, $"not a neighbour file: {e.Message}");
        }
    }

    /// <summary>Maps the table onto the items of a run: for each item, neighbour positions among those items.</summary>
    public (int[][] Image, int[][] Audio) For(IReadOnlyList<Data.TrainingItem> items, int topK, string path)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            position[items[i].Id] = i;
        }
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Ids.Count; i++)
        {
            row[Ids[i]] = i;
        }
        int[] Map(int[] list) => list.Select(n => Ids[n]).Where(position.ContainsKey).Select(id => position[id]).Take(topK).ToArray();
        var image = new int[items.Count][];
        var audio = new int[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            if (!row.TryGetValue(items[i].Id, out var r))
            {
                throw new InputException(path, $"has no neighbours for item '{items[i].Id}' ({items[i].Line}): mine them again for this manifest");
            }
            image[i] = Map(Image[r]);
            audio[i] = Map(Audio[r]);
            if (image[i].Length == 0)
            {
                image[i] = [i];
            }
            if (audio[i].Length == 0)
            {
                audio[i] = [i];
            }
        }
        return (image, audio);
    }
}
