using SoundSight.IO;

namespace SoundSight.Tests.Cli;

/// <summary>`saliency` writes one native object-saliency map per picture; bad input is one line.</summary>
public sealed class SaliencyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-saliency-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesANativeMapPerPicture()
    {
        var pictures = Path.Combine(_dir, "pictures");
        Directory.CreateDirectory(pictures);
        foreach (var name in new[] { "rgb_100x150.jpg", "gray_120x90.jpg" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", name), Path.Combine(pictures, name));
        }
        var result = CliRunner.Run("saliency", "--images", pictures, "--out", Path.Combine(_dir, "maps"), "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        foreach (var stem in new[] { "rgb_100x150", "gray_120x90" })
        {
            var map = Npy.Read(Path.Combine(_dir, "maps", stem + ".npy"));
            Assert.Equal([7, 7], map.Shape);
            Assert.All(map.Data, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void MissingTorchvisionFileIsOneLine()
    {
        var result = CliRunner.Run("saliency", "--images", Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "rgb_100x150.jpg"), "--out", _dir, "--torchvision", Path.Combine(_dir, "missing.pth"));
        CliRunner.AssertOneLineError(result, "missing.pth");
    }
}
