using SoundSight.IO;
using SoundSight.Runtime;
using SoundSight.Tests.Cli;
using SoundSight.Training;
using TorchSharp;

namespace SoundSight.Tests.Runtime;

/// <summary>--device and the recipe's device: cpu always works; CUDA is there or refused with one line.</summary>
public sealed class ComputeDeviceTests
{
    private const string NeedsNoCuda = "a CUDA device is present: this test needs a machine without one";

    [Fact]
    public void CpuIsTheCpu()
    {
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu").type);
        Assert.True(ComputeDevice.IsValid("cuda"));
        Assert.True(ComputeDevice.IsValid("cuda:3"));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("CUDA")]
    [InlineData("")]
    public void OtherSpellingsAreInputErrorsNamingTheOption(string spec)
    {
        Assert.False(ComputeDevice.IsValid(spec));
        var error = Assert.Throws<InputException>(() => ComputeDevice.Resolve(spec, "device"));
        Assert.StartsWith("device: ", error.Message);
        Assert.Contains("cpu, cuda or cuda:N", error.Message);
    }

    [SkippableFact]
    public void CudaWhereThereIsOneResolves()
    {
        Skip.IfNot(ComputeDevice.CudaAvailable(), "no CUDA device on this machine");
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Resolve("cuda").type);
    }

    [SkippableFact]
    public void CudaWhereThereIsNoneSaysHowToGetIt()
    {
        Skip.If(ComputeDevice.CudaAvailable(), NeedsNoCuda);
        var error = Assert.Throws<InputException>(() => ComputeDevice.Resolve("cuda:0"));
        Assert.Contains("no CUDA device", error.Message);
        Assert.Contains("SOUNDSIGHT_LIBTORCH", error.Message);
    }

    [Fact]
    public void RecipeChecksItsDevice()
    {
        var recipe = new TrainingRecipe { Train = "m.csv", NeighbourView = false };
        Assert.Equal("cpu", recipe.Device);
        recipe.With(["device=cuda:1"]).Validate();
        var error = Assert.Throws<InputException>(() => recipe.With(["device=tpu"]).Validate());
        Assert.Contains("device", error.Message);
    }

    [SkippableFact]
    public void LocalizeOnAMissingGpuIsOneLine()
    {
        Skip.If(ComputeDevice.CudaAvailable(), NeedsNoCuda);
        var output = Directory.CreateTempSubdirectory("soundsight-device-").FullName;
        try
        {
            CliRunner.AssertOneLineError(CliRunner.Run("localize", "--sample", "--device", "cuda", "--out", output), "no CUDA device");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
