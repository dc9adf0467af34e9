namespace SoundSight.Tests.Cli;

/// <summary>bench's argument checks (the timings themselves are benchmarks, never tests).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void PipelineOnlyWithoutDataIsOneLine() =>
        CliRunner.AssertOneLineError(CliRunner.Run("bench", "train", "--pipeline-only"), "--pipeline-data");

    [Fact]
    public void TrainOnAMissingGpuIsOneLine()
    {
        if (global::SoundSight.Runtime.ComputeDevice.CudaAvailable())
        {
            return;
        }
        CliRunner.AssertOneLineError(CliRunner.Run("bench", "train", "--device", "cuda", "--batch", "2"), "no CUDA device");
    }
}
