using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Media;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Scores an extended set (<see cref="SilentPairSet"/>) with <see cref="SilentPairMetrics"/>. The official confidence
/// needs the raw similarity map (cosine / tau, upsampled to 224 as the benchmark's maps are), which a saved
/// evaluation map has lost: maps come from a model run or from the .raw.npy files `localize` writes.
/// </summary>
public sealed class SilentPairRun
{
    private readonly BenchmarkPreset _preset;
    private readonly LocalizationEvaluator _evaluator;

    public SilentPairRun(BenchmarkPreset preset, DataRoot? root)
    {
        _preset = preset;
        _evaluator = new LocalizationEvaluator(preset, root);
    }

    public static string RawPath(string folder, BenchmarkEntry entry) => Path.Combine(folder, entry.Name + ".raw.npy");

    /// <summary>Scores the raw maps <c>&lt;video&gt;__&lt;audio&gt;.raw.npy</c> in <paramref name="folder"/>.</summary>
    public List<SilentPairScore> ScoreRawMaps(IReadOnlyList<BenchmarkEntry> entries, string folder, Action<int>? progress = null)
    {
        CheckRawMaps(entries, folder);
        var scores = new SilentPairScore[entries.Count];
        Parallel.For(0, entries.Count, i =>
        {
            var path = RawPath(folder, entries[i]);
            var npy = Npy.Read(path);
            if (npy.Shape.Length != 2)
            {
                throw new InputException(path, "a raw map must be a 2-D array (height x width)");
            }
            scores[i] = Score(entries[i], npy.ToFloat(), npy.Shape[0], npy.Shape[1]);
            progress?.Invoke(1);
        });
        return scores.ToList();
    }

    /// <summary>Every pair must have its raw map; otherwise one message says which and why.</summary>
    public static void CheckRawMaps(IReadOnlyList<BenchmarkEntry> entries, string folder)
    {
        var missing = entries.Where(e => !File.Exists(RawPath(folder, e))).ToList();
        if (missing.Count > 0)
        {
            throw new InputException(folder, $"{missing.Count} of {entries.Count} pairs have no raw map (<video>__<audio>.raw.npy, as localize writes); first: {string.Join(", ", missing.Take(5).Select(e => e.Name))}. "
                + "The non-sounding metrics need the raw similarity map: a saved evaluation map (.npy) is normalised and has lost the confidence");
        }
    }

    /// <summary>Runs the model on each pair's picture and sound under <paramref name="root"/>.</summary>
    public List<SilentPairScore> ScoreModel(IReadOnlyList<BenchmarkEntry> entries, DataRoot root, Localizer localizer, int batchSize, Action<int>? progress = null)
    {
        var decoder = new ImageDecoder(localizer.Options.ApplyExifOrientation);
        var scores = new List<SilentPairScore>(entries.Count);
        for (var start = 0; start < entries.Count; start += batchSize)
        {
            var batch = entries.Skip(start).Take(batchSize).ToList();
            var pairs = batch.Select(e => (decoder.Decode(Find(root, e.ImageCandidates, e)), AudioLoader.Load(Find(root, e.AudioCandidates, e)))).ToList();
            var maps = localizer.LocalizePairs(pairs);
            for (var i = 0; i < batch.Count; i++)
            {
                scores.Add(Score(batch[i], maps[i].RawMap, maps[i].RawHeight, maps[i].RawWidth));
            }
            progress?.Invoke(batch.Count);
        }
        return scores;
    }

    /// <summary>A native cosine map, upsampled to 224 as the benchmark's maps are and divided by tau, then scored.</summary>
    public SilentPairScore Score(BenchmarkEntry entry, float[] cosine, int height, int width)
    {
        var size = BenchmarkPresets.MapSize;
        var upsampled = MapUpsampler.Upsample(cosine, height, width, size, size, _preset.Upsample);
        var inverseTau = (float)(1.0 / SilentPairMetrics.Tau);
        for (var i = 0; i < upsampled.Length; i++)
        {
            upsampled[i] *= inverseTau;
        }
        PredictionMap.CheckFinite(upsampled.Select(v => (double)v).ToArray(), entry.Name);
        return SilentPairMetrics.Score(upsampled, _evaluator.GroundTruth(entry), entry.Boxes.Count);
    }

    private static string Find(DataRoot root, IReadOnlyList<string> candidates, BenchmarkEntry entry) =>
        root.Find(candidates) ?? throw new InputException(entry.Name, $"{candidates[0]} not found under {root.Root}");
}
