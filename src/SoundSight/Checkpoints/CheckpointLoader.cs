using System.Collections;
using SoundSight.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Checkpoints;

/// <summary>
/// Loads weights into a model from a PyTorch checkpoint, zip or legacy pre-1.6 pickle (.pth, .pth.tar, .pt: {'model_state_dict': ...},
/// {'state_dict': ...}, {'model': ...} or a flat state_dict, with or without DataParallel's 'module.' prefix) or
/// from safetensors. Keys the model lacks (e.g. vision_fc1, conv3, norm3 of the authors' training model) are
/// reported and ignored; a key the model needs and the file lacks is an error naming it, except the optional
/// heads listed in <c>optionalPrefixes</c>.
/// </summary>
public static class CheckpointLoader
{
    private static readonly string[] Containers = ["model_state_dict", "state_dict", "model"];

    public static CheckpointReport Load(nn.Module model, string path, IReadOnlyCollection<string>? optionalPrefixes = null)
    {
        var (format, container, tensors) = Read(path);
        try
        {
            return Assign(model, path, format, container, tensors, optionalPrefixes ?? []);
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Reads every tensor of a checkpoint into a flat name-to-tensor map (caller disposes the tensors).</summary>
    public static (string Format, string? Container, Dictionary<string, Tensor> Tensors) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "checkpoint not found");
        }
        var head = new byte[16];
        int read;
        using (var f = File.OpenRead(path))
        {
            read = f.Read(head, 0, head.Length);
        }
        if (read == 0)
        {
            throw new InputException(path, "empty file (0 bytes): not a checkpoint");
        }
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return ReadPyTorchZip(path);
        }
        if (read >= 9 && BitConverter.ToUInt64(head, 0) is > 1 and < 100_000_000 && head[8] == (byte)'{')
        {
            return ("safetensors", null, ReadSafetensors(path));
        }
        if (LegacyTorchPickle.StartsLikeOne(head.AsSpan(0, read)))
        {
            return ReadPyTorchLegacy(path);
        }
        throw new InputException(path, "not a checkpoint (neither a PyTorch .pth, zip or legacy, nor safetensors)");
    }

    private static (string, string?, Dictionary<string, Tensor>) ReadPyTorchLegacy(string path)
    {
        var contents = LegacyTorchPickle.Load(path);
        if (contents.Root is not IDictionary root)
        {
            foreach (var t in contents.Tensors)
            {
                t.Dispose();
            }
            throw new InputException(path, "legacy PyTorch file holds no dict (a checkpoint is a dict or a state_dict)");
        }
        var result = StateDict(path, "pytorch-legacy", root);
        // Tensors outside the state dict (an optimizer's moments...) are not returned, so they are freed here.
        var kept = new HashSet<Tensor>(result.Tensors.Values, ReferenceEqualityComparer.Instance);
        foreach (var t in contents.Tensors.Where(t => !kept.Contains(t)))
        {
            t.Dispose();
        }
        return result;
    }

    private static (string, string?, Dictionary<string, Tensor>) ReadPyTorchZip(string path)
    {
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not InputException)
        {
            throw new InputException(path, $"unreadable PyTorch checkpoint (truncated or corrupt zip?): {e.Message}");
        }
        return StateDict(path, "pytorch", root);
    }

    // The state dict at the top level or in the first container that holds one; the same rule for both formats.
    private static (string Format, string? Container, Dictionary<string, Tensor> Tensors) StateDict(string path, string format, IDictionary root)
    {
        string? container = null;
        IDictionary dict = root;
        foreach (var name in Containers)
        {
            if (root[name] is IDictionary inner && !(root[name] is Tensor))
            {
                container = name;
                dict = inner;
                break;
            }
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is string key && entry.Value is Tensor t)
            {
                tensors[key] = t;
            }
        }
        if (tensors.Count == 0)
        {
            throw new InputException(path, "PyTorch file holds no tensors at its top level nor in 'model_state_dict', 'state_dict' or 'model'");
        }
        return (format, container, tensors);
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not InputException)
        {
            throw new InputException(path, $"unreadable safetensors file: {e.Message}");
        }
    }

    /// <summary>Copies tensors already read by <see cref="Read"/> into the model (the caller still owns and disposes them).</summary>
    public static CheckpointReport Assign(nn.Module model, string path, string format, string? container, Dictionary<string, Tensor> tensors, IReadOnlyCollection<string> optionalPrefixes)
    {
        var prefixed = tensors.Keys.Count(k => k.StartsWith("module.", StringComparison.Ordinal));
        var stripPrefix = prefixed > 0 && prefixed == tensors.Count;
        var source = stripPrefix
            ? tensors.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value, StringComparer.Ordinal)
            : tensors;

        var used = new HashSet<string>(StringComparer.Ordinal);
        var missingOptional = new List<string>();
        var loaded = 0;
        using var noGrad = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            if (!source.TryGetValue(name, out var value))
            {
                if (optionalPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                {
                    missingOptional.Add(name);
                    continue;
                }
                throw new InputException(path, $"checkpoint lacks {name}, which the model needs");
            }
            if (!value.shape.SequenceEqual(target.shape))
            {
                throw new InputException(path, $"{name} has shape [{string.Join(", ", value.shape)}], the model expects [{string.Join(", ", target.shape)}]");
            }
            if (value.is_floating_point() && !value.isfinite().all().item<bool>())
            {
                // NaN or infinite weights give all-NaN maps that look like results; refuse them up front.
                throw new InputException(path, $"{name} holds NaN or infinite values");
            }
            target.copy_(value.to_type(target.dtype));
            used.Add(name);
            loaded++;
        }
        var ignored = source.Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var report = new CheckpointReport(path, format, container, stripPrefix, loaded, ignored, HasProjections: missingOptional.Count == 0);
        if (model is ICheckpointTarget checkpointTarget)
        {
            checkpointTarget.Loaded(report);
        }
        return report;
    }
}
