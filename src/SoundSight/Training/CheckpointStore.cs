using System.Text.Json;
using SoundSight.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// A run's checkpoints: <c>step-NNNNNNN.safetensors</c> (model and optimiser tensors) followed by
/// <c>step-NNNNNNN.json</c> (where the run stands). Each file is written atomically and the JSON last, so a
/// checkpoint counts only once both are whole: a kill at any moment leaves the previous one usable. The last
/// <c>keep</c> checkpoints are kept.
/// </summary>
public sealed class CheckpointStore
{
    public CheckpointStore(string directory, int keep)
    {
        Directory = directory;
        Keep = keep;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public int Keep { get; }

    public sealed record State(long Step, int Epoch, int NextBatch, double BestMetric, long BestStep, int SkippedItems);

    public void Save(State state, IEnumerable<(string Key, Tensor Value)> tensors)
    {
        var name = $"step-{state.Step:D7}";
        var dict = tensors.ToDictionary(t => t.Key, t => t.Value.detach().cpu().contiguous(), StringComparer.Ordinal);
        AtomicFile.Write(Path.Combine(Directory, name + ".safetensors"), s => Safetensors.SaveStateDict(s, dict, leaveOpen: true));
        AtomicFile.WriteAllText(Path.Combine(Directory, name + ".json"), JsonSerializer.Serialize(state, TrainingRecipe.Json));
        foreach (var old in Committed().SkipLast(Keep))
        {
            File.Delete(old + ".json");
            File.Delete(old + ".safetensors");
        }
    }

    /// <summary>The newest whole checkpoint, or null.</summary>
    public (State State, Dictionary<string, Tensor> Tensors)? Latest()
    {
        foreach (var basePath in Committed().Reverse())
        {
            try
            {
                var state = JsonSerializer.Deserialize<State>(File.ReadAllText(basePath + ".json"), TrainingRecipe.Json)!;
                return (state, Safetensors.LoadStateDict(basePath + ".safetensors"));
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidDataException or ArgumentException)
            {
                // An unreadable pair (e.g. a disk full mid-write before this design) falls back to the one before.
            }
        }
        return null;
    }

    private IEnumerable<string> Committed() =>
        System.IO.Directory.GetFiles(Directory, "step-*.json")
            .Select(f => f[..^".json".Length])
            .Where(b => File.Exists(b + ".safetensors"))
            .OrderBy(b => b, StringComparer.Ordinal);
}
