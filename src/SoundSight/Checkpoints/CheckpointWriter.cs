using SoundSight.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Checkpoints;

/// <summary>
/// Writes a model's state_dict with the official key names, atomically (temp file, then rename): safetensors,
/// or a PyTorch zip .pth holding {'model_state_dict': ...} that the official test.py loads unchanged.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Writes by extension: .safetensors, otherwise PyTorch (.pth, .pth.tar, .pt).</summary>
    public static void Save(nn.Module model, string path, bool includeProjections = true)
    {
        var stateDict = StateDict(model, includeProjections);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, stateDict, leaveOpen: true));
        }
        else
        {
            AtomicFile.Write(path, stream => PyTorchZipWriter.Write(stream, "model_state_dict", [.. stateDict]));
        }
    }

    /// <summary>The state_dict in the model's order (written in that order, as torch.save writes it).</summary>
    private static Dictionary<string, Tensor> StateDict(nn.Module model, bool includeProjections)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.state_dict())
        {
            if (!includeProjections && ProjectionKeys.Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }
            result[name] = t.detach().cpu().contiguous();
        }
        return result;
    }
}
