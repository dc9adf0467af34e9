namespace SoundSight.Tests.Cli;

public sealed class MineNeighboursCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-mine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMissingPictureIsOneLineNamingTheManifestLine()
    {
        // The pictures are decoded in a parallel loop; its failure must still read as the user's bad input.
        var manifest = Path.Combine(_dir, "manifest.csv");
        File.WriteAllText(manifest, "image,audio\nnope.jpg,nope.wav\n");
        var r = CliRunner.Run("mine-neighbors", "--data", manifest, "--out", Path.Combine(_dir, "n.json"));
        // Its note about the untrained weights and the progress line come first; the error is one line, last.
        Assert.Equal(2, r.ExitCode);
        var last = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal($"error: {manifest}:2: {Path.Combine(_dir, "nope.jpg")}: file not found", last);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Fact]
    public void TheBritishSpellingRunsTheSameCommand()
    {
        // mine-neighbours is the documented name; the test above holds that mine-neighbors, the old one, still runs.
        var manifest = Path.Combine(_dir, "manifest.csv");
        File.WriteAllText(manifest, "image,audio\nnope.jpg,nope.wav\n");
        var r = CliRunner.Run("mine-neighbours", "--data", manifest, "--out", Path.Combine(_dir, "n.json"));
        Assert.Equal(2, r.ExitCode);
        var last = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal($"error: {manifest}:2: {Path.Combine(_dir, "nope.jpg")}: file not found", last);
    }
}
