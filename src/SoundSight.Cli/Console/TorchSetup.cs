using System.CommandLine;
using SoundSight.Localization;

namespace SoundSight.Cli.Console;

/// <summary>Process-wide libtorch settings a command chooses once, before any model work.</summary>
public static class TorchSetup
{
    /// <summary>The --device option of every command that runs the model (cpu, cuda, cuda:N).</summary>
    public static Option<string> DeviceOption() => new("--device")
    {
        Description = "Where the model runs: cpu, cuda or cuda:N (CUDA needs a CUDA libtorch: docs/gpu.md).",
        DefaultValueFactory = _ => Runtime.ComputeDevice.Cpu,
    };

    /// <summary>Threads for the work, validated (null means all cores).</summary>
    public static int Resolve(int? threads)
    {
        var n = threads ?? Environment.ProcessorCount;
        if (n < 1)
        {
            throw new IO.InputException("--threads", "must be at least 1");
        }
        return n;
    }

    /// <summary>
    /// Gives libtorch the threads, unless ONNX Runtime runs the encoders: then libtorch keeps one thread for the
    /// light front-end work, because its OpenMP workers and ONNX Runtime's spinning pool would otherwise fight
    /// over the same cores (measured: 2x slower on 2 cores). With the backend left to measurement (null) the
    /// localizer switches libtorch's threads itself whenever the chosen backend needs it. Also turns NNPACK off
    /// (<see cref="Runtime.NnpackSwitch"/>).
    /// </summary>
    public static int Configure(int? threads, InferenceBackend? backend = InferenceBackend.Torch)
    {
        var n = Resolve(threads);
        // Here, not at process start: loading libtorch costs half a second that --help and refusals need not pay.
        Runtime.NnpackSwitch.TurnOff();
        TorchSharp.torch.set_num_threads(backend == InferenceBackend.Onnx ? 1 : n);
        return n;
    }
}
