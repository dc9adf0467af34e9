using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoundSight.Localization;

/// <summary>
/// What a measured backend choice depends on, so that a cached choice is only reused where it was measured: the CPU
/// model, the towers' architecture, the versions of the code that runs the encoders (SoundSight's own build, TorchSharp with its libtorch,
/// ONNX Runtime, .NET), the input shapes, the batch the choice is for, the thread count and whether BatchNorm is
/// folded for the torch path.
/// </summary>
public sealed record BackendChoiceKey(string Cpu, string Versions, string Architecture, int ImageSize, int FrequencyBins, int Frames, int Batch, int Threads, bool FoldBatchNorm)
{
    /// <summary>The key on this machine, with this build.</summary>
    public static BackendChoiceKey Here(string architecture, int imageSize, int frequencyBins, int frames, int batch, int threads, bool foldBatchNorm) =>
        new(CpuModel(), LibraryVersions(), architecture, imageSize, frequencyBins, frames, batch, threads, foldBatchNorm);

    /// <summary>The batch sizes choices are measured at: 1, 2, 4 and 8; a batch uses the largest of them not above it.</summary>
    public static int BatchClass(int batch) => batch >= 8 ? 8 : batch >= 4 ? 4 : batch >= 2 ? 2 : 1;

    /// <summary>The cache file's key: one line, every field named.</summary>
    public override string ToString() =>
        $"cpu={Cpu}|versions={Versions}|towers={Architecture}|image={ImageSize}|spectrogram={FrequencyBins}x{Frames}|batch={Batch}|threads={Threads}|fold={(FoldBatchNorm ? 1 : 0)}";

    /// <summary>The CPU's model name (/proc/cpuinfo on Linux), its core count and its widest accelerated vectors.</summary>
    public static string CpuModel()
    {
        string? name = null;
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                name = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            }
        }
        catch (IOException)
        {
            // Unreadable: the architecture alone names the machine below.
        }
        var vectors = Vector512.IsHardwareAccelerated ? "avx512" : Vector256.IsHardwareAccelerated ? "256-bit" : "128-bit";
        return $"{name ?? RuntimeInformation.ProcessArchitecture.ToString()} ({Environment.ProcessorCount} cores, {vectors})";
    }

    /// <summary>SoundSight's build (its module id changes with any code change), TorchSharp, ONNX Runtime and .NET.</summary>
    public static string LibraryVersions()
    {
        static string Of(Type t) => t.Assembly.GetName().Version?.ToString() ?? "?";
        var soundSight = typeof(BackendChoiceKey).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        return $"soundsight {soundSight}, torchsharp {Of(typeof(TorchSharp.torch))}, onnxruntime {Of(typeof(Microsoft.ML.OnnxRuntime.InferenceSession))}, dotnet {Environment.Version}";
    }
}
