using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Models;
using SoundSight.Tests.Cli;
using SoundSight.Tests.Training;

namespace SoundSight.Tests.Retrieval;

/// <summary>The retrieve command as a user runs it, on a tiny generated dataset and a deterministic checkpoint.</summary>
[RunsLong(36)]
public sealed class RetrieveCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "soundsight-retrieve-" + Guid.NewGuid().ToString("N"));
    private readonly string _data;
    private readonly string _manifest;
    private readonly string _checkpoint;

    public RetrieveCommandTests()
    {
        _data = Path.Combine(_dir, "data");
        _manifest = SyntheticDataset.Write(_data, items: 12, classes: 4, seed: 3);
        _checkpoint = Path.Combine(_dir, "model.pth");
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 5);
        CheckpointWriter.Save(model, _checkpoint);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void ManifestAndTheSamePairsAsABenchmarkGiveTheSameNumbers()
    {
        var manifestJson = Path.Combine(_dir, "manifest.json");
        var r = CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--manifest", _manifest, "--json", manifestJson);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("audio->image", r.Stdout);
        Assert.Contains("4 classes", r.Stdout);
        var json = JsonDocument.Parse(File.ReadAllText(manifestJson)).RootElement;
        Assert.Equal(12, json.GetProperty("samples").GetInt32());
        Assert.Equal("class", json.GetProperty("protocol").GetString());
        foreach (var space in new[] { "projection", "raw" })
        {
            foreach (var direction in new[] { "audio_to_image", "image_to_audio" })
            {
                var o = json.GetProperty(space).GetProperty(direction);
                double r1 = o.GetProperty("R@1").GetDouble(), r5 = o.GetProperty("R@5").GetDouble(), r10 = o.GetProperty("R@10").GetDouble();
                Assert.True(r1 >= 0 && r1 <= r5 && r5 <= r10 && r10 <= 1, $"{space} {direction}: {r1} {r5} {r10}");
            }
        }
        Assert.Equal(json.GetProperty("projection").GetProperty("audio_to_image").GetProperty("R@5").GetDouble(), json.GetProperty("official_names").GetProperty("proj_A2I_a5").GetDouble());

        // The same pairs as a VGG-SS benchmark in a flat data root, classes from vggss.json.
        var root = Path.Combine(_dir, "vggss");
        Directory.CreateDirectory(root);
        var entries = new List<string>();
        var rows = File.ReadAllLines(_manifest).Skip(1).Select(l => l.Split(',')).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var file = $"clip{i:D7}_{i + 1:D6}";
            File.Copy(Path.Combine(_data, rows[i][0]), Path.Combine(root, file + ".jpg"));
            File.Copy(Path.Combine(_data, rows[i][1]), Path.Combine(root, file + ".wav"));
            entries.Add($$"""{"file": "{{file}}", "class": "{{rows[i][2]}}", "bbox": [[0.1, 0.1, 0.5, 0.5]]}""");
        }
        var annotations = Path.Combine(_dir, "vggss.json");
        File.WriteAllText(annotations, "[" + string.Join(",", entries) + "]");
        var benchJson = Path.Combine(_dir, "bench.json");
        var b = CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--benchmark", "vggss", "--annotations", annotations, "--data-root", root, "--json", benchJson);
        Assert.True(b.ExitCode == 0, b.Stderr);
        var bench = JsonDocument.Parse(File.ReadAllText(benchJson)).RootElement;
        Assert.Equal(json.GetProperty("projection").GetRawText(), bench.GetProperty("projection").GetRawText());
        Assert.Equal(json.GetProperty("raw").GetRawText(), bench.GetProperty("raw").GetRawText());

        // A pair that is not there: one line with the count and the name.
        File.Delete(Path.Combine(root, "clip0000003_000004.wav"));
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--benchmark", "vggss", "--annotations", annotations, "--data-root", root), "1 of 12 entries");
    }

    [Fact]
    public void AdHocQueriesRankAFolderWritePagesAndReuseTheCache()
    {
        var cache = Path.Combine(_dir, "cache", "embeddings.bin");
        var output = Path.Combine(_dir, "query");
        var query = Path.Combine(_data, "item005.wav");
        string[] Args() => ["retrieve", "--checkpoint", _checkpoint, "--images", _data, "--query-audio", query, "--top", "5", "--out", output, "--cache", cache, "--json", Path.Combine(_dir, "ranking.json")];
        var first = CliRunner.Run(Args());
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("cached 13 embeddings", first.Stderr);
        var ranked = first.Stdout.Split('\n').Where(l => l.TrimEnd().EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, ranked.Count);
        foreach (var file in new[] { "index.html", "contact_sheet.png", "rank_001.png", "rank_005.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
        Assert.Equal(5, JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "ranking.json"))).RootElement.GetProperty("results").GetArrayLength());

        // Second time: nothing to embed, the same ranking.
        var second = CliRunner.Run(Args());
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.DoesNotContain("cached", second.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);

        // Sounds for a picture, in the raw space, sharing the cache file.
        var sounds = CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--sounds", _data, "--query-image", Path.Combine(_data, "item002.png"), "--top", "3", "--space", "raw", "--out", Path.Combine(_dir, "q2"), "--cache", cache);
        Assert.True(sounds.ExitCode == 0, sounds.Stderr);
        Assert.Equal(3, sounds.Stdout.Split('\n').Count(l => l.TrimEnd().EndsWith(".wav", StringComparison.Ordinal)));
        // 12 sounds, one already embedded as the first query; the query picture too.
        Assert.Contains("cached 24 embeddings", sounds.Stderr);
        Assert.Contains("<audio controls", File.ReadAllText(Path.Combine(_dir, "q2", "index.html")));
    }

    [Fact]
    public void BadInputGivesOneLine()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", _checkpoint), "give one of");
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--images", _data, "--query-audio", Path.Combine(_dir, "nope.wav"), "--out", Path.Combine(_dir, "o")), "nope.wav: sound file not found");
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--images", Path.Combine(_dir, "missing"), "--query-audio", Path.Combine(_data, "item000.wav")), "folder not found");
        var junk = Path.Combine(_dir, "junk.bin");
        File.WriteAllText(junk, "not a cache at all");
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", _checkpoint, "--images", _data, "--query-audio", Path.Combine(_data, "item000.wav"), "--cache", junk), "not a SoundSight embedding cache");

        // A checkpoint without projection heads: raw space only, and asking for s_A says why not.
        var plain = Path.Combine(_dir, "plain.pth");
        using (var model = new SoundLocalizationModel())
        {
            DeterministicWeights.Apply(model, 5);
            CheckpointWriter.Save(model, plain, includeProjections: false);
        }
        CliRunner.AssertOneLineError(CliRunner.Run("retrieve", "--checkpoint", plain, "--images", _data, "--query-audio", Path.Combine(_data, "item000.wav"), "--space", "projection"), "no projection heads");
        var rawOnly = CliRunner.Run("retrieve", "--checkpoint", plain, "--manifest", _manifest);
        Assert.True(rawOnly.ExitCode == 0, rawOnly.Stderr);
        Assert.Contains("raw space only", rawOnly.Stdout);
        Assert.DoesNotContain(rawOnly.Stdout.Split('\n'), l => l.StartsWith("projection", StringComparison.Ordinal));
        Assert.Contains(rawOnly.Stdout.Split('\n'), l => l.StartsWith("raw ", StringComparison.Ordinal));
    }
}
