namespace SoundSight.Tests.Cli;

/// <summary>bench's argument checks (the timings themselves are benchmarks, never tests).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void PipelineOnlyWithoutDataIsOneLine() =>
        CliRunner.AssertOneLineError(CliRunner.Run("bench", "train", "--pipeline-only"), "--pipeline-data");

    [SkippableFact]
    public void TrainOnAMissingGpuIsOneLine()
    {
        Skip.If(global::SoundSight.Runtime.ComputeDevice.CudaAvailable(), "a CUDA device is present: this test needs a machine without one");
        CliRunner.AssertOneLineError(CliRunner.Run("bench", "train", "--device", "cuda", "--batch", "2"), "no CUDA device");
    }
}
