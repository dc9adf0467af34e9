using System.Globalization;

namespace SoundSight.Localization;

/// <summary>Where a <see cref="BackendChoice"/> came from.</summary>
public enum BackendChoiceSource
{
    /// <summary>Asked for (<see cref="LocalizerOptions.Backend"/>, the CLI's --backend): nothing was timed or cached.</summary>
    Forced,

    /// <summary>Timed now, on this machine, and written to the cache.</summary>
    Measured,

    /// <summary>Read from the per-user cache, timed by an earlier run with the same key.</summary>
    Cached,

    /// <summary>The encoders run on a GPU, where only libtorch runs them.</summary>
    Device,
}

/// <summary>
/// The backend the encoders run on for one batch size, and why: forced, or the fastest of the backends timed on
/// this machine (median milliseconds per call of both encoders at that batch, <see cref="MedianMilliseconds"/>).
/// </summary>
public sealed record BackendChoice(InferenceBackend Backend, BackendChoiceSource Source, int Batch, IReadOnlyDictionary<InferenceBackend, double> MedianMilliseconds)
{
    public static BackendChoice Forced(InferenceBackend backend, int batch) => new(backend, BackendChoiceSource.Forced, batch, new Dictionary<InferenceBackend, double>());

    /// <summary>The fastest of the timed backends (the lowest median; ties go to the earlier enum value).</summary>
    public static BackendChoice Fastest(IReadOnlyDictionary<InferenceBackend, double> medians, BackendChoiceSource source, int batch)
    {
        if (medians.Count == 0)
        {
            throw new ArgumentException("no backend was timed", nameof(medians));
        }
        var best = medians.OrderBy(m => m.Value).ThenBy(m => m.Key).First().Key;
        return new BackendChoice(best, source, batch, medians);
    }

    /// <summary>One line: "winograd (measured: winograd 38.2 ms, onnx 40.1 ms, torch 49.8 ms a call at batch 1)".</summary>
    public string Describe()
    {
        var name = Name(Backend);
        if (Source is BackendChoiceSource.Forced or BackendChoiceSource.Device)
        {
            return $"{name} ({(Source == BackendChoiceSource.Forced ? "forced" : "the only backend on a GPU")})";
        }
        var c = CultureInfo.InvariantCulture;
        var timings = string.Join(", ", MedianMilliseconds.OrderBy(m => m.Value).Select(m => $"{Name(m.Key)} {m.Value.ToString("0.0", c)} ms"));
        var how = Source == BackendChoiceSource.Measured ? "measured now" : "measured earlier, cached";
        return $"{name} ({how}: {timings} a call of both encoders at batch {Batch})";
    }

    /// <summary>The CLI's name of a backend (--backend).</summary>
    public static string Name(InferenceBackend backend) => backend.ToString().ToLowerInvariant();

    /// <summary>A backend from its CLI name; null when unknown.</summary>
    public static InferenceBackend? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "onnx" => InferenceBackend.Onnx,
        "torch" => InferenceBackend.Torch,
        "winograd" => InferenceBackend.Winograd,
        _ => null,
    };
}
