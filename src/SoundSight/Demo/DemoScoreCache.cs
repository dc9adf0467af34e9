using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Evaluation.Reports;
using SoundSight.IO;

namespace SoundSight.Demo;

/// <summary>
/// What a model scored on one of the demo's sets, kept under the output folder so that a rerun which keeps its
/// stages does not score the same checkpoint on the same set again (a quick demo's rerun spent most of its time
/// there). The key is the checkpoint's bytes, the set's metadata bytes and the settings that shape the maps; a
/// changed checkpoint, set or setting is a different key, so a stale score is never read.
/// </summary>
public sealed class DemoScoreCache(string folder)
{
    /// <summary>The key of <paramref name="checkpoint"/> scored on the set whose metadata file is <paramref name="metadata"/>.</summary>
    public static string Key(string checkpoint, string metadata, params object[] settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { checkpoint, metadata })
        {
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        }
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('|', settings.Select(s => Convert.ToString(s, CultureInfo.InvariantCulture)))));
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()[..32];
    }

    /// <summary>
    /// The stored result for <paramref name="key"/> (named for this caller: another file with the same bytes may
    /// have stored it), else <paramref name="score"/>'s, stored.
    /// </summary>
    public DemoModelResult GetOrScore(string key, string name, string checkpoint, Func<DemoModelResult> score)
    {
        var json = Path.Combine(folder, key + ".json");
        var csv = Path.Combine(folder, key + ".csv");
        if (File.Exists(json) && File.Exists(csv))
        {
            var stored = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            var retrieval = stored["retrieval"] is JsonObject r ? r.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : null;
            return new DemoModelResult(name, checkpoint, stored["evaluation"]!.AsObject().DeepClone().AsObject(), SampleResultCsv.Read(csv), retrieval);
        }
        var result = score();
        Directory.CreateDirectory(folder);
        // The samples first: the JSON is the marker that both are complete.
        SampleResultCsv.Write(csv, result.Samples);
        var entry = new JsonObject
        {
            ["evaluation"] = result.Evaluation.DeepClone(),
            ["retrieval"] = result.Retrieval is null ? null : new JsonObject(result.Retrieval.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        AtomicFile.WriteAllText(json, entry.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return result;
    }
}
