using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Tests.Cli;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>`evaluate --silent-pairs` on a small Flickr set extended with non-sounding pairs, from raw maps.</summary>
public class SilentPairEvaluateTests
{
    /// <summary>8 non-sounding pairs added to the case's Flickr entries, and a native raw map for every pair.</summary>
    private static (string Csv, string Raw) ExtendedSet(GoldenCase c)
    {
        var raw = Path.Combine(c.Folder, "raw");
        Directory.CreateDirectory(raw);
        var rng = new Random(11);
        var csv = Path.Combine(c.Folder, "flickr_test_plus_silent.csv");
        var rows = new List<string> { "video,audio,label" };
        for (var i = 0; i < 8; i++)
        {
            rows.Add($"{c.Names[i]},{c.Names[(i + 3) % c.Names.Count]},non-sounding");
        }
        File.WriteAllText(csv, string.Join("\r\n", rows) + "\r\n");
        var stems = c.Names.Select(n => $"{n}__{n}").Concat(rows.Skip(1).Select(r => r.Split(',')).Select(f => $"{f[0]}__{f[1]}"));
        foreach (var stem in stems)
        {
            // Native cosine maps (14 x 14), as localize writes them.
            var map = Enumerable.Range(0, 14 * 14).Select(_ => (float)((rng.NextDouble() * 1.2) - 0.6)).ToArray();
            Npy.WriteFloat32(Path.Combine(raw, stem + ".raw.npy"), map, 14, 14);
        }
        return (csv, raw);
    }

    [Fact]
    public void ShardsMergeToTheSingleRunsNumbersExactly()
    {
        using var c = new GoldenCase("flickr_random");
        var (csv, raw) = ExtendedSet(c);
        var single = Path.Combine(c.Folder, "single.json");
        var whole = CliRunner.Run("evaluate", "--benchmark", "flickr", "--annotations", c.Annotations, "--subset", c.Subset!, "--silent-pairs", csv, "--predictions", raw, "--json", single);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var shards = Path.Combine(c.Folder, "shards");
        for (var i = 0; i < 3; i++)
        {
            var r = CliRunner.Run("evaluate", "--benchmark", "flickr", "--annotations", c.Annotations, "--subset", c.Subset!, "--silent-pairs", csv, "--predictions", raw,
                "--shard", $"{i}/3", "--json", Path.Combine(shards, "extended.json"));
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
        Assert.Equal(3, Directory.GetFiles(shards, "*.shard-*-of-0003.json").Length);
        var merged = Path.Combine(c.Folder, "merged.json");
        var m = CliRunner.Run("merge", shards, "--json", merged);
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Equal(File.ReadAllText(single), File.ReadAllText(merged));

        // A missing shard is one clear line, not a partial result.
        File.Delete(Directory.GetFiles(shards, "*.shard-0001-of-0003.json").Single());
        var incomplete = CliRunner.Run("merge", shards, "--json", merged);
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains("1 of 3 shards are missing", incomplete.Stderr);
    }

    [Fact]
    public void RawMapsGiveTheLibrarysMetricsAndEvaluationMapsAloneAreRefused()
    {
        using var c = new GoldenCase("flickr_random");
        var (csv, raw) = ExtendedSet(c);
        var output = Path.Combine(c.Folder, "out", "extended.json");
        var r = CliRunner.Run("evaluate", "--benchmark", "flickr", "--annotations", c.Annotations, "--subset", c.Subset!, "--silent-pairs", csv, "--predictions", raw, "--json", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.Equal(c.Names.Count + 8, json.GetProperty("samples").GetInt32());
        Assert.Equal(8, json.GetProperty("non_sounding").GetInt32());

        var preset = BenchmarkPresets.Get("flickr");
        var entries = SilentPairSet.Read(FlickrReader.Read(preset, c.Annotations, c.Subset), csv);
        var (all, visible) = SilentPairMetrics.Compute(new SilentPairRun(preset, null).ScoreRawMaps(entries, raw));
        foreach (var (key, subset) in new[] { ("all", all), ("visible", visible!) })
        {
            var got = json.GetProperty(key);
            Assert.Equal(subset.Ap, got.GetProperty("AP").GetDouble(), 12);
            Assert.Equal(subset.MaxF1, got.GetProperty("max_F1").GetDouble(), 12);
            Assert.Equal(subset.Precision, got.GetProperty("precision").GetDouble(), 12);
        }

        // Saved evaluation maps alone have lost the confidence: one error line saying so (after the subset's note).
        var refused = CliRunner.Run("evaluate", "--benchmark", "flickr", "--annotations", c.Annotations, "--subset", c.Subset!, "--silent-pairs", csv, "--predictions", c.Predictions);
        Assert.Equal(2, refused.ExitCode);
        var lines = refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..^1], l => Assert.StartsWith("note: ", l));
        Assert.StartsWith("error: ", lines[^1]);
        Assert.Contains("raw map", lines[^1]);
        Assert.Contains("lost the confidence", lines[^1]);
    }
}
