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

    /// <summary>
    /// The newest whole checkpoint, or null when there is none. An unreadable newest checkpoint is an error naming
    /// its file (never a silent fall back, which could restart a long run from an old state or from scratch).
    /// </summary>
    public (State State, Dictionary<string, Tensor> Tensors)? Latest()
    {
        if (Committed().LastOrDefault() is not { } basePath)
        {
            return null;
        }
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllText(basePath + ".json"), TrainingRecipe.Json)
                ?? throw new JsonException("empty state");
        }
        catch (Exception e) when (e is IOException or JsonException or NotSupportedException)
        {
            throw new InputException(basePath + ".json", $"unreadable checkpoint state ({e.Message}); delete this step's .json and .safetensors to resume from the one before");
        }
        try
        {
            return (state, Safetensors.LoadStateDict(basePath + ".safetensors"));
        }
        catch (Exception e) when (e is not InputException and not OutOfMemoryException)
        {
            throw new InputException(basePath + ".safetensors", $"unreadable checkpoint ({e.GetType().Name}: {e.Message}); delete this step's .json and .safetensors to resume from the one before");
        }
    }

    private IEnumerable<string> Committed() =>
        System.IO.Directory.GetFiles(Directory, "step-*.json")
            .Select(f => f[..^".json".Length])
            .Where(b => File.Exists(b + ".safetensors"))
            .OrderBy(b => b, StringComparer.Ordinal);
}
