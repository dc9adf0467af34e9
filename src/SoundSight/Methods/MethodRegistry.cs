using SoundSight.IO;

namespace SoundSight.Methods;

/// <summary>
/// Every method of the comparison, found as the subclasses of <see cref="LocalizationMethod"/> in this assembly
/// (one folder each under Methods/), in the paper's order. `auto` recognises a checkpoint's method from its keys
/// and container, as test.py's loaders would accept it, and from its file name where keys cannot tell (EZ-VSL,
/// MarginNCE and FNAC share one architecture; test.py itself dispatches on the file name).
/// </summary>
public static class MethodRegistry
{
    /// <summary>The --method value that recognises the method from the checkpoint.</summary>
    public const string Auto = "auto";

    public static IReadOnlyList<LocalizationMethod> All { get; } = typeof(LocalizationMethod).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(LocalizationMethod)) && !t.IsAbstract)
        .Select(t => (LocalizationMethod)Activator.CreateInstance(t)!)
        .OrderBy(m => m.Order)
        .ToArray();

    /// <summary>auto and every method name, for option help.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, .. All.Select(m => m.Name)];

    /// <summary>The method named <paramref name="name"/> (not auto).</summary>
    public static LocalizationMethod Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException(Setting.Mention(Setting.Method), $"unknown method '{name}' (one of {string.Join(", ", Names)})");

    /// <summary>
    /// The method a method setting and a checkpoint give: the named one, or for auto the one recognised, with a
    /// line saying why (settings marked in it, as in errors). A checkpoint no method fits is one line naming the closest method and the keys that do not
    /// fit. A folder (of saved maps) is HTF's precomputed maps.
    /// </summary>
    public static (LocalizationMethod Method, string Reason) Resolve(string? name, string? checkpoint)
    {
        if (name is not null && !string.Equals(name, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return (Get(name), $"given with {Setting.Mention(Setting.Method)}");
        }
        if (checkpoint is null)
        {
            var ours = All.First(m => m.Name == "ours");
            return (ours, "no checkpoint to recognise: the authors' model");
        }
        if (Directory.Exists(checkpoint))
        {
            var maps = All.First(m => !m.HasModel);
            return (maps, "a folder of saved maps");
        }
        var recognition = Recognise(CheckpointContents.Read(checkpoint));
        if (recognition.Chosen is null)
        {
            throw new InputException(checkpoint, recognition.Reason);
        }
        return (recognition.Chosen, recognition.Reason);
    }

    /// <summary>Recognises the method of a checkpoint already read.</summary>
    public static MethodRecognition Recognise(CheckpointContents contents)
    {
        var fits = All.Where(m => m.HasModel).Select(m => m.Fit(contents)).ToList();
        var fitting = fits.Where(f => f.Fits).Select(f => f.Method).ToList();
        var where = $"{contents.ContainerPhrase}{(contents.ModulePrefix ? ", 'module.' keys" : "")}, {contents.Shapes.Count} tensors";
        if (fitting.Count == 0)
        {
            var closest = fits.OrderByDescending(f => f.Matched).ThenBy(f => f.Distance).ThenBy(f => f.Method.Order).First();
            return new MethodRecognition(null, $"fits no method ({where}); closest is {closest.Method.Name}: {closest.Problem()}", fits);
        }
        var file = Path.GetFileName(contents.Path).ToLowerInvariant();
        var named = fitting.Where(m => m.FileNameWords.Any(w => file.Contains(w, StringComparison.Ordinal))).ToList();
        if (named.Count > 0)
        {
            var chosen = named.OrderByDescending(m => m.Specificity).First();
            var also = fitting.Count > 1 ? $" (its keys also fit {string.Join(", ", fitting.Where(m => m != chosen).Select(m => m.Name))}; the file name decides, as in test.py)" : "";
            return new MethodRecognition(chosen, $"recognised {chosen.Name}: {where}{also}", fits);
        }
        var best = fitting.OrderByDescending(m => m.Specificity).ThenBy(m => m.Order).First();
        var others = fitting.Count > 1 ? $" (its keys also fit {string.Join(", ", fitting.Where(m => m != best).Select(m => m.Name))}: {Setting.Mention(Setting.Method)} to choose)" : "";
        return new MethodRecognition(best, $"recognised {best.Name}: {where}{others}", fits);
    }
}
