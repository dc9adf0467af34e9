using SoundSight.Checkpoints;

namespace SoundSight.Methods;

/// <summary>
/// What a checkpoint holds, for recognising its method: the file format, the container dict the tensors were found
/// in ('model_state_dict', 'state_dict', 'model' or none), whether every key had DataParallel's 'module.' prefix,
/// and each tensor's name (prefix removed) and shape.
/// </summary>
public sealed class CheckpointContents
{
    private CheckpointContents(string path, string format, string? container, bool modulePrefix, IReadOnlyDictionary<string, long[]> shapes)
    {
        Path = path;
        Format = format;
        Container = container;
        ModulePrefix = modulePrefix;
        Shapes = shapes;
    }

    public string Path { get; }

    public string Format { get; }

    public string? Container { get; }

    public bool ModulePrefix { get; }

    /// <summary>Tensor names (without 'module.') and shapes.</summary>
    public IReadOnlyDictionary<string, long[]> Shapes { get; }

    /// <summary>Reads the checkpoint's keys and shapes (a bad file is one <see cref="IO.InputException"/> line).</summary>
    public static CheckpointContents Read(string path)
    {
        var (format, container, tensors) = CheckpointLoader.Read(path);
        try
        {
            return Of(path, format, container, tensors);
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>The contents of tensors already read by <see cref="CheckpointLoader.Read"/>.</summary>
    public static CheckpointContents Of(string path, string format, string? container, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> tensors)
    {
        var prefixed = tensors.Keys.Count(k => k.StartsWith("module.", StringComparison.Ordinal));
        var strip = prefixed > 0 && prefixed == tensors.Count;
        var shapes = tensors.ToDictionary(kv => strip ? kv.Key["module.".Length..] : kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        return new CheckpointContents(path, format, container, strip, shapes);
    }

    /// <summary>Contents described directly (names without 'module.'), e.g. to check a method's rules.</summary>
    public static CheckpointContents Describe(string path, string format, string? container, bool modulePrefix, IReadOnlyDictionary<string, long[]> shapes) =>
        new(path, format, container, modulePrefix, shapes);

    /// <summary>The container as a phrase: "'model' container" or "top-level state_dict".</summary>
    public string ContainerPhrase => Container is null ? "a top-level state_dict" : $"the '{Container}' container";
}
