using SoundSight.Localization;
using SoundSight.Protocol;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>How a checkpoint runs on a benchmark: batch, threads, device, and the deviations a reduced-resolution or shorter-window model needs.</summary>
public sealed record ModelRunSettings
{
    /// <summary>Pairs per model batch (at least 1 is used).</summary>
    public int Batch { get; init; } = 16;

    /// <summary>CPU threads; null: all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Model input side (a deviation; null: the official 224). The scored map stays 224 x 224.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Audio window length, centred in the benchmark's clip (a deviation; null: the official 3 s).</summary>
    public double? AudioSeconds { get; init; }

    public string Device { get; init; } = Runtime.ComputeDevice.Cpu;

    /// <summary>Scene-centred maps (a deviation; <see cref="Localization.LocalizerOptions.CentredMaps"/>).</summary>
    public bool CentredMaps { get; init; }

    /// <summary>Flip-averaged maps (a deviation; <see cref="Localization.LocalizerOptions.FlipAverage"/>).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>
    /// Resolves the threads and sets up the tensor library before a model is opened (the command line's own setup,
    /// with its checks); null: <see cref="Threads"/> or all cores, as they are.
    /// </summary>
    public Func<int?, int>? ConfigureThreads { get; init; }

    /// <summary>The threads a model run uses, configured once just before the model is opened.</summary>
    public int ResolveThreads() => ConfigureThreads is { } configure ? configure(Threads) : Threads ?? Environment.ProcessorCount;

    /// <summary>The localizer options on <paramref name="preset"/>: its upsampling and window, at these settings.</summary>
    public LocalizerOptions LocalizerOptions(BenchmarkPreset preset, int threads) => new()
    {
        Device = Device,
        Upsample = preset.Upsample,
        Window = AudioSeconds is { } seconds ? preset.Window.Centred(seconds) : preset.Window,
        Threads = threads,
        ImageSize = ImageSize ?? OfficialProtocol.ImageSize,
        CentredMaps = CentredMaps,
        FlipAverage = FlipAverage,
    };
}
