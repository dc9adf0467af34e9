using SoundSight.Data;
using SoundSight.Training;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>Neighbour precision against a manifest's classes, the same-file share, and the label-free minings.</summary>
public sealed class NeighbourQualityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-neighbour-quality-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Six items of classes A A A B B C; items 0 and 1 play the same clip, as do 3 and 4 (the kit's training scenes
    /// share clips this way). Every picture is its own file.
    /// </summary>
    private IReadOnlyList<TrainingItem> Manifest(bool classes = true)
    {
        var manifest = Path.Combine(_dir, classes ? "manifest.csv" : "unlabelled.csv");
        string[] audio = ["a0", "a0", "a2", "a3", "a3", "a5"];
        string[] labels = ["A", "A", "A", "B", "B", "C"];
        File.WriteAllLines(manifest, [classes ? "image,audio,class" : "image,audio", .. Enumerable.Range(0, 6).Select(i => $"i{i}.png,{audio[i]}.wav" + (classes ? $",{labels[i]}" : ""))]);
        return TrainingSet.Load(manifest);
    }

    // Picture lists: top-1 right for items 1-4; items 5's list is shorter than 5 (counts what it has).
    private static readonly int[][] Image = [[3, 1, 2, 4, 5], [0, 2, 3, 4, 5], [0, 1, 3, 4, 5], [4, 0, 1, 2, 5], [3, 0, 1, 2, 5], [0, 1]];

    // Sound lists of 2: items 0, 1, 3, 4 have their own clip first (a same-class neighbour that is the same file).
    private static readonly int[][] Audio = [[1, 2], [0, 5], [3, 0], [4, 5], [3, 2], [2, 0]];

    [Fact]
    public void PrecisionAndSameFileShareAreExact()
    {
        var quality = NeighbourQuality.Measure(Manifest(), Image, Audio);

        Assert.Equal(5, quality.Image.K);
        Assert.Equal(4.0 / 6, quality.Image.PrecisionAt1!.Value, 12);
        // (2/5 + 2/5 + 2/5 + 1/5 + 1/5 + 0/2) / 6
        Assert.Equal(1.6 / 6, quality.Image.PrecisionAt5!.Value, 12);
        Assert.Equal(1.6 / 6, quality.Image.PrecisionAtK!.Value, 12);
        Assert.Equal(0, quality.Image.SameFile);

        Assert.Equal(2, quality.Audio.K);
        Assert.Equal(4.0 / 6, quality.Audio.PrecisionAt1!.Value, 12);
        // Lists of two: (1 + 1/2 + 1/2 + 1/2 + 1/2 + 0) / 6, at 5 and at K alike.
        Assert.Equal(0.5, quality.Audio.PrecisionAt5!.Value, 12);
        Assert.Equal(0.5, quality.Audio.PrecisionAtK!.Value, 12);
        Assert.Equal(4.0 / 12, quality.Audio.SameFile, 12);
        Assert.Equal("precision@1 0.67, @5 0.50, @2 0.50; same file 0.33", quality.Audio.Describe());
    }

    [Fact]
    public void WithoutAClassColumnOnlyTheSameFileShareIsMeasured()
    {
        var quality = NeighbourQuality.Measure(Manifest(classes: false), Image, Audio);
        Assert.Null(quality.Image.PrecisionAt1);
        Assert.Null(quality.Audio.PrecisionAtK);
        Assert.Equal(4.0 / 12, quality.Audio.SameFile, 12);
        Assert.StartsWith("no classes", quality.Image.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheNeighbourFileKeepsItsMiningAndQuality()
    {
        var items = Manifest();
        var path = Path.Combine(_dir, "neighbours.json");
        new NeighbourTable(items.Select(i => i.Id).ToList(), Image, Audio, NeighbourMining.ThroughAudio).WithQuality(items).Save(path);
        var loaded = NeighbourTable.Load(path);
        Assert.Equal(NeighbourMining.ThroughAudio, loaded.Mining);
        Assert.Equal(NeighbourQuality.Measure(items, Image, Audio), loaded.Quality);
        // A file from before the quality was recorded still loads: the authors' mining, quality unknown.
        File.WriteAllText(path, """{"format":"soundsight-neighbours-1","ids":["x"],"image":[[]],"audio":[[]]}""");
        Assert.Equal(NeighbourMining.Authors, NeighbourTable.Load(path).Mining);
        Assert.Null(NeighbourTable.Load(path).Quality);
    }

    [Fact]
    public void EachMiningDrawsItsListsAsNamed()
    {
        // Anchor 0's cosines: pictures 1, 2, 3 at 0.9, 0.0, 0.6; sounds at 0.0, 0.9, 0.6. Pictures alone pick 1,
        // sounds alone 2; only item 3 is near in both, and agreement ranks it first.
        using var image = tensor(new float[] { 1, 0, 0.9f, MathF.Sqrt(1 - 0.81f), 0, 1, 0.6f, 0.8f }, [4, 2]);
        using var audio = tensor(new float[] { 1, 0, 0, 1, 0.9f, MathF.Sqrt(1 - 0.81f), 0.6f, 0.8f }, [4, 2]);

        var (authorsImage, authorsAudio) = NeighbourMiner.Lists(image, audio, 2, NeighbourMining.Authors);
        Assert.Equal([1, 3], authorsImage[0]);
        Assert.Equal([2, 3], authorsAudio[0]);

        var (throughImage, throughAudio) = NeighbourMiner.Lists(image, audio, 2, NeighbourMining.ThroughAudio);
        Assert.Equal(authorsAudio, throughImage);
        Assert.Equal(authorsAudio, throughAudio);

        var (agreeImage, agreeAudio) = NeighbourMiner.Lists(image, audio, 1, NeighbourMining.Agreement);
        Assert.Equal([3], agreeImage[0]);
        Assert.Same(agreeImage, agreeAudio);
        Assert.All(Enumerable.Range(0, 4), i => Assert.DoesNotContain(i, agreeImage[i]));
    }
}
