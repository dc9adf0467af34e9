using System.Collections;
using SoundSight.Methods;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Tests.Methods;

/// <summary>
/// Checkpoints with the formula weights of <see cref="DeterministicWeights"/> in the competing methods' official
/// containers, as test.py's loaders read them (the file name is the caller's: auto decides by keys where it names no method).
/// </summary>
internal static class OfficialCheckpoints
{
    public const ulong Seed = 20261124;

    /// <summary>EZ-VSL's network as its training saves it: ckpt['model'], DataParallel's 'module.' keys.</summary>
    public static string EzVsl(string path)
    {
        using var network = new EzVslNetwork();
        DeterministicWeights.Apply(network, Seed);
        Save(path, "model", network.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value));
        return path;
    }

    /// <summary>AVENet as SSL-TIE's checkpoints hold it: ckpt['state_dict'], AVENet_ssltie's unused layers present, no projection heads.</summary>
    public static string SslTie(string path)
    {
        using var network = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(network, Seed);
        var dict = network.state_dict()
            .Where(kv => !SoundLocalizationModel.ProjectionPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (name, shape) in MethodRegistry.Get("ssltie").Keys.ExtraRequired)
        {
            dict[name] = zeros(shape);
        }
        Save(path, "state_dict", dict);
        return path;
    }

    private static void Save(string path, string container, Dictionary<string, Tensor> tensors)
    {
        var dict = new Hashtable();
        foreach (var (name, t) in tensors)
        {
            dict[name] = t.detach().contiguous();
        }
        using var stream = File.Create(path);
        PyTorchPickler.PickleStateDict(stream, new Hashtable { ["epoch"] = 1, [container] = dict }, leaveOpen: true);
    }
}
