using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;

namespace SoundSight.Evaluation.Reports;

/// <summary>
/// What a shard leaves behind: its per-sample CSV and a small manifest beside it (benchmark, shard i/N, how many
/// entries the whole benchmark has and which this shard scored). <see cref="Merge"/> checks that the shards
/// cover the benchmark exactly once and puts the samples back in entry order, so metrics computed once from them
/// equal a single run's bit for bit (cIoU and AUC are never averaged across shards).
/// </summary>
public static class ShardResults
{
    /// <summary>eval.json -> eval.shard-0003-of-0008.json: every shard of an Indexed Job writes its own file.</summary>
    public static string ShardPath(string jsonPath, ShardSpec shard) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!,
            $"{Path.GetFileNameWithoutExtension(jsonPath)}.shard-{shard.Index.ToString("D4", CultureInfo.InvariantCulture)}-of-{shard.Count.ToString("D4", CultureInfo.InvariantCulture)}.json");

    public static void Write(string manifestPath, BenchmarkPreset preset, ShardSpec shard, int totalEntries, int shardEntries, DegenerateIouRule rule, IReadOnlyList<SampleResult> results)
    {
        var csv = EvaluationSummary.CsvBeside(manifestPath);
        SampleResultCsv.Write(csv, results);
        var manifest = new JsonObject
        {
            ["soundsight_shard"] = 1,
            ["benchmark"] = preset.Name,
            ["shard"] = shard.ToString(),
            ["entries_total"] = totalEntries,
            ["entries_in_shard"] = shardEntries,
            ["scored"] = results.Count,
            ["degenerate_rule"] = rule == DegenerateIouRule.Official ? "official" : "failure",
            ["results"] = Path.GetFileName(csv),
        };
        EvaluationSummary.Write(manifestPath, manifest);
    }

    /// <summary>The shard manifest of an extended-set run (`evaluate --silent-pairs --shard`), and its scores CSV beside it.</summary>
    public static void WriteSilentPairs(string manifestPath, BenchmarkPreset preset, string extendedSet, ShardSpec shard, int totalEntries, IReadOnlyList<(BenchmarkEntry Entry, SilentPairScore Score)> results)
    {
        var csv = EvaluationSummary.CsvBeside(manifestPath);
        SilentPairScoreCsv.Write(csv, results);
        var manifest = new JsonObject
        {
            ["soundsight_shard"] = 1,
            ["kind"] = SilentPairsKind,
            ["benchmark"] = preset.Name,
            ["extended_set"] = extendedSet,
            ["shard"] = shard.ToString(),
            ["entries_total"] = totalEntries,
            ["entries_in_shard"] = results.Count,
            ["scored"] = results.Count,
            ["results"] = Path.GetFileName(csv),
        };
        EvaluationSummary.Write(manifestPath, manifest);
    }

    /// <summary>The manifests' kind: <see cref="LocalizationKind"/> (plain benchmark) or <see cref="SilentPairsKind"/>.</summary>
    public static string KindOf(IReadOnlyList<string> inputs) => ReadManifests(inputs).Kind;

    public const string LocalizationKind = "localization";

    public const string SilentPairsKind = "silent_pairs";

    /// <summary>Reads shard manifests (files, or folders holding *.shard-*-of-*.json) and returns all samples in entry order.</summary>
    public static (BenchmarkPreset Preset, DegenerateIouRule Rule, List<SampleResult> Results, List<string> Notes) Merge(IReadOnlyList<string> inputs)
    {
        var set = ReadManifests(inputs);
        if (set.Kind != LocalizationKind)
        {
            throw new InputException(string.Join(" ", inputs), $"these are {set.Kind} shards, not plain benchmark shards");
        }
        string? rule = null;
        var results = new List<SampleResult>();
        var notes = new List<string>();
        foreach (var (path, m, shard, csv) in set.Shards)
        {
            Same(ref rule, m.GetProperty("degenerate_rule").GetString()!, path, "degenerate rule");
            var rows = SampleResultCsv.Read(csv);
            var scored = m.GetProperty("scored").GetInt32();
            if (rows.Count != scored)
            {
                throw new InputException(csv, $"holds {rows.Count} samples, its manifest says {scored}");
            }
            var inShard = m.GetProperty("entries_in_shard").GetInt32();
            if (scored < inShard)
            {
                notes.Add($"shard {shard}: {inShard - scored} of {inShard} entries were left out ({Setting.Mention(Setting.AllowMissing)})");
            }
            results.AddRange(rows);
        }
        var duplicate = results.GroupBy(r => r.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputException(string.Join(" ", inputs), $"entry {duplicate.Key} ({duplicate.First().Name}) was scored by more than one shard");
        }
        results.Sort((a, b) => a.Index.CompareTo(b.Index));
        var degenerate = rule == "official" ? DegenerateIouRule.Official : DegenerateIouRule.Failure;
        return (set.Preset, degenerate, results, notes);
    }

    /// <summary>Extended-set shards: every pair's score, in entry order, and the name of the extended set.</summary>
    public static (BenchmarkPreset Preset, string ExtendedSet, List<SilentPairScore> Scores) MergeSilentPairs(IReadOnlyList<string> inputs)
    {
        var set = ReadManifests(inputs);
        if (set.Kind != SilentPairsKind)
        {
            throw new InputException(string.Join(" ", inputs), $"these are plain benchmark shards, not {Setting.Mention(Setting.SilentPairs)} shards");
        }
        string? extended = null;
        var rows = new List<(int Index, string Name, SilentPairScore Score)>();
        foreach (var (path, m, _, csv) in set.Shards)
        {
            Same(ref extended, m.GetProperty("extended_set").GetString()!, path, "extended set");
            var shardRows = SilentPairScoreCsv.Read(csv);
            if (shardRows.Count != m.GetProperty("scored").GetInt32())
            {
                throw new InputException(csv, $"holds {shardRows.Count} pairs, its manifest says {m.GetProperty("scored").GetInt32()}");
            }
            rows.AddRange(shardRows);
        }
        var total = set.EntriesTotal;
        var byIndex = new (string Name, SilentPairScore Score)?[total];
        foreach (var (index, name, score) in rows)
        {
            if ((uint)index >= (uint)total)
            {
                throw new InputException(string.Join(" ", inputs), $"pair {name} has index {index}, outside the {total} entries");
            }
            if (byIndex[index] is { } other)
            {
                throw new InputException(string.Join(" ", inputs), $"pair {index} ({other.Name}) was scored by more than one shard");
            }
            byIndex[index] = (name, score);
        }
        var missing = Enumerable.Range(0, total).Where(i => byIndex[i] is null).ToList();
        if (missing.Count > 0)
        {
            throw new InputException(string.Join(" ", inputs), $"{missing.Count} of {total} pairs have no score in these shards; first indices: {string.Join(", ", missing.Take(5))}");
        }
        return (set.Preset, extended!, byIndex.Select(x => x!.Value.Score).ToList());
    }

    private sealed record ManifestSet(string Kind, BenchmarkPreset Preset, int EntriesTotal, List<(string Path, JsonElement Manifest, ShardSpec Shard, string Csv)> Shards);

    /// <summary>Finds and checks the manifests: one kind, one benchmark, one shard count, every shard exactly once.</summary>
    private static ManifestSet ReadManifests(IReadOnlyList<string> inputs)
    {
        var manifests = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                manifests.AddRange(Directory.GetFiles(input, "*.shard-*-of-*.json").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                manifests.Add(input);
            }
            else
            {
                throw new InputException(input, "no such shard manifest or folder");
            }
        }
        if (manifests.Count == 0)
        {
            throw new InputException(string.Join(" ", inputs), "no shard manifests (*.shard-i-of-N.json) found");
        }
        string? benchmark = null;
        string? kind = null;
        int? count = null;
        int? total = null;
        var seen = new Dictionary<int, string>();
        var shards = new List<(string, JsonElement, ShardSpec, string)>();
        foreach (var path in manifests)
        {
            JsonElement m;
            try
            {
                m = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InputException(path, $"malformed shard manifest ({e.Message})");
            }
            if (!m.TryGetProperty("soundsight_shard", out _))
            {
                throw new InputException(path, "not a SoundSight shard manifest");
            }
            var shard = ShardSpec.Parse(m.GetProperty("shard").GetString()!);
            Same(ref kind, m.TryGetProperty("kind", out var k) ? k.GetString()! : LocalizationKind, path, "kind");
            Same(ref benchmark, m.GetProperty("benchmark").GetString()!, path, "benchmark");
            SameInt(ref count, shard.Count, path, "shard count");
            SameInt(ref total, m.GetProperty("entries_total").GetInt32(), path, "number of entries");
            if (seen.TryGetValue(shard.Index, out var other))
            {
                throw new InputException(path, $"shard {shard} is also in {other}");
            }
            seen[shard.Index] = path;
            var csv = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, m.GetProperty("results").GetString()!);
            shards.Add((path, m, shard, csv));
        }
        var missingShards = Enumerable.Range(0, count!.Value).Where(i => !seen.ContainsKey(i)).ToList();
        if (missingShards.Count > 0)
        {
            throw new InputException(string.Join(" ", inputs), $"{missingShards.Count} of {count} shards are missing: {string.Join(", ", missingShards.Take(10))}");
        }
        return new ManifestSet(kind!, BenchmarkPresets.Get(benchmark!), total!.Value, shards);
    }

    private static void Same(ref string? known, string value, string path, string what)
    {
        if (known is not null && known != value)
        {
            throw new InputException(path, $"{what} '{value}' differs from the other shards' '{known}'");
        }
        known = value;
    }

    private static void SameInt(ref int? known, int value, string path, string what)
    {
        if (known is not null && known != value)
        {
            throw new InputException(path, $"{what} {value} differs from the other shards' {known}");
        }
        known = value;
    }
}
