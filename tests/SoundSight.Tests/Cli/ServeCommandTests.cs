namespace SoundSight.Tests.Cli;

/// <summary>
/// `serve` refuses what it cannot do as one line, before loading a model or opening a port (the methods it cannot
/// serve: Web/ServeMethodTests).
/// </summary>
public sealed class ServeCommandTests
{
    [Fact]
    public void ImpossibleLimitsAreOneLine()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--port", "70000"), "--port: must be in 0..65535");
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--max-jobs", "0"), "--max-jobs: must be at least 1");
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--host", "example.org"), "--host: 'example.org' is not an IP address");
    }
}
