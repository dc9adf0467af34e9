using System.Diagnostics;
using SoundSight.Checkpoints;
using SoundSight.Models;
using SoundSight.Tests.Training;

namespace SoundSight.Tests.Cli;

/// <summary>`train` as a user runs it: a SIGKILL at a random moment, then --resume, ends where an uninterrupted run ends; then export, localize and evaluate (retrieval) the result.</summary>
[RunsLong(34)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"train-cli-{Guid.NewGuid():N}");

    public TrainCommandTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void KilledRunResumesToTheSameWeights()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 40);
        var recipe = SyntheticDataset.Recipe(_dir, manifest, null, ",\n  \"max_steps\": 5,\n  \"augmented_view\": false");
        var straight = CliRunner.Run("train", "--config", recipe, "--out", Path.Combine(_dir, "straight"), "--set", "checkpoint_every_steps=1", "--threads", "1");
        Assert.True(straight.ExitCode == 0, straight.Stderr);

        var killed = Path.Combine(_dir, "killed");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "SoundSight.Cli.dll"), "train", "--config", recipe, "--out", killed, "--set", "checkpoint_every_steps=1", "--threads", "1" })
        {
            start.ArgumentList.Add(a);
        }
        using (var process = Process.Start(start)!)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var checkpoints = Path.Combine(killed, "checkpoints");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !process.HasExited && !(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "step-*.json").Any()))
            {
                Thread.Sleep(5);
            }
            Thread.Sleep(new Random().Next(0, 50));
            // The kill must land mid-run, or the resume below proves nothing.
            Assert.False(process.HasExited, $"the run ended (exit {(process.HasExited ? process.ExitCode : 0)}) before it could be killed");
            process.Kill(entireProcessTree: true); // SIGKILL
            process.WaitForExit();
            Assert.Equal(137, process.ExitCode);
        }
        Assert.False(File.Exists(Path.Combine(killed, "last.safetensors")), "the killed run had already finished");

        var resumed = CliRunner.Run("train", "--config", recipe, "--out", killed, "--resume", "--set", "checkpoint_every_steps=1", "--threads", "1");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("5 steps", resumed.Stdout);

        using var a1 = new SoundLocalizationModel(ParameterInit.Loaded);
        using var b1 = new SoundLocalizationModel(ParameterInit.Loaded);
        CheckpointLoader.Load(a1, Path.Combine(_dir, "straight", "last.safetensors"));
        CheckpointLoader.Load(b1, Path.Combine(killed, "last.safetensors"));
        var bs = b1.state_dict();
        foreach (var (name, t) in a1.state_dict())
        {
            Assert.True(t.eq(bs[name]).all().item<bool>(), $"{name} differs after kill and resume");
        }

        var again = CliRunner.Run("train", "--config", recipe, "--out", killed);
        CliRunner.AssertOneLineError(again, "already holds a run");

        var exported = Path.Combine(_dir, "model.pth");
        var export = CliRunner.Run("export", "--checkpoint", killed, "--out", exported);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var localize = CliRunner.Run("localize", "--checkpoint", exported, "--image", Path.Combine(_dir, "data", "item000.png"), "--audio", Path.Combine(_dir, "data", "item000.wav"), "--out", Path.Combine(_dir, "maps"));
        Assert.True(localize.ExitCode == 0, localize.Stderr);
        // (Retrieval with a trained checkpoint: RetrieveCommandTests; not repeated here, the suite's longest tests
        // share a 6-minute budget.)
    }
}
