using System.Text.Json.Nodes;
using SoundSight.Demo;
using SoundSight.Study;
using SoundSight.Tests.Cli;

namespace SoundSight.Tests.Study;

/// <summary>`study` on a tiny grid end to end: stopped in the middle, continued by the CLI, the table written.</summary>
[RunsLong(40)]
public sealed class StudyCommandTests : IDisposable
{
    private const string TinyConfig = """
        {
          "data": { "train_scenes": 16, "validation_scenes": 8, "test_scenes": 3, "interactive_validation_scenes": 3, "image_size": 64, "batch_size": 4, "neighbour_top_k": 2 },
          "steps": 2,
          "seeds": [0, 1],
          "recipes": [
            { "name": "alignment", "method": "alignment" },
            { "name": "ezvsl", "method": "ezvsl" }
          ],
          "out_of_distribution_scenes": 3
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-study-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AStoppedStudyResumesWithoutRedoingFinishedRunsAndWritesTheTable()
    {
        var config = Path.Combine(_dir, "study.json");
        File.WriteAllText(config, TinyConfig);
        var output = Path.Combine(_dir, "out");

        // Stopped after the first step of the second run (as Ctrl-C does: the trainer saves a checkpoint and returns).
        using var cancel = new CancellationTokenSource();
        var runner = new StudyRunner(StudyConfig.Load(config), output, new StopInTraining(cancel, stage: 2), threads: 2);
        var first = runner.Run(cancel.Token);
        var finished = Assert.Single(first);
        Assert.Equal(("alignment", 0UL), (finished.Cell.Name, finished.Seed));
        var done = Path.Combine(output, "runs", "alignment", "seed-0", "done.json");
        var doneTime = File.GetLastWriteTimeUtc(done);
        // A study compares recipes in float32 whatever the CPU (the demo's auto precision would make it machine-dependent).
        Assert.Equal("fp32", JsonNode.Parse(File.ReadAllText(Path.Combine(output, "runs", "alignment", "seed-0", "study-recipe.json")))!["precision"]!.GetValue<string>());
        Assert.True(Directory.Exists(Path.Combine(output, "runs", "ezvsl", "seed-0", "train", "checkpoints")));
        // Scores are read scene-centred and flip-averaged, as the demo reads its maps, and kept apart from official-reading ones.
        Assert.False(File.Exists(Path.Combine(output, "runs", "alignment", "seed-0", "held_out.json")));
        // As if the finished run predated the modality split: the continuation scores it on that set, training nothing.
        var firstRun = Path.Combine(output, "runs", "alignment", "seed-0");
        File.Delete(Path.Combine(firstRun, "ood_sounds.centred.flip.json"));
        File.Delete(Path.Combine(firstRun, "ood_sounds.centred.flip.csv"));
        // As if the out-of-distribution set had been composed differently since it was scored: its scores are stale.
        var oodScores = Path.Combine(firstRun, "ood.centred.flip.json");
        File.WriteAllText(Path.Combine(firstRun, "ood.centred.flip.set-sha256"), "0000\n");
        var oodTime = File.GetLastWriteTimeUtc(oodScores);
        var heldOutTime = File.GetLastWriteTimeUtc(Path.Combine(firstRun, "held_out.centred.flip.json"));

        // --no-training scores the finished run on the set it lacks and writes the table of what is finished.
        var scoreOnly = CliRunner.Run("study", "--config", config, "--out", output, "--threads", "2", "--no-training");
        Assert.True(scoreOnly.ExitCode == 0, scoreOnly.Stderr);
        Assert.Contains("score alignment seed 0 on ood_sounds", scoreOnly.Stderr);
        Assert.Contains("(not trained now)", scoreOnly.Stderr);
        Assert.Contains("1 of 4 runs finished", scoreOnly.Stdout);
        Assert.True(File.Exists(Path.Combine(firstRun, "ood_sounds.centred.flip.json")));
        Assert.Contains("score alignment seed 0 on ood [", scoreOnly.Stderr);
        Assert.NotEqual(oodTime, File.GetLastWriteTimeUtc(oodScores));
        Assert.DoesNotContain("score alignment seed 0 on held_out", scoreOnly.Stderr); // an unchanged set is not scored again
        Assert.Equal(heldOutTime, File.GetLastWriteTimeUtc(Path.Combine(firstRun, "held_out.centred.flip.json")));
        var facts = JsonNode.Parse(File.ReadAllText(Path.Combine(output, StudyRunner.SetFactsFile)))!.AsObject();
        Assert.Equal(File.ReadAllText(Path.Combine(firstRun, "ood.centred.flip.set-sha256")).Trim(), facts["ood"]!["fingerprint"]!.GetValue<string>());
        Assert.InRange(facts["held_out"]!["ceiling_IIoU"]!.GetValue<double>(), 0, 1);

        // The CLI continues: the finished run is kept, the stopped one resumes from its checkpoint.
        var run = CliRunner.Run("study", "--config", config, "--out", output, "--threads", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("1 finished, 3 to do", run.Stderr);
        Assert.Contains("resumed at step 1", run.Stderr);
        Assert.Contains("study ETA", run.Stderr);
        Assert.Contains("4 of 4 runs finished", run.Stdout);
        Assert.Equal(doneTime, File.GetLastWriteTimeUtc(done));

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!.AsObject();
        var cells = json["cells"]!.AsArray();
        Assert.Equal(["alignment", "ezvsl"], cells.Select(c => c!["name"]!.GetValue<string>()));
        foreach (var cell in cells)
        {
            Assert.Equal(2, cell!["runs"]!.AsArray().Count);
            foreach (var set in new[] { "validation", "held_out", "ood", "ood_pictures", "ood_sounds" })
            {
                var iiou = cell["summary"]![set]!["IIoU"]!;
                Assert.Equal(2, iiou["values"]!.AsArray().Count);
                Assert.InRange(iiou["mean"]!.GetValue<double>(), 0, 1);
                Assert.Equal(3 * 2, cell["runs"]![0]!["scores"]![set]!["samples"]!.GetValue<int>()); // 3 scenes x 2 sounds
            }
        }
        // One pair of cells x three sets (validation, where recipes are chosen, held-out and out of distribution) x
        // (IIoU, cIoU), each paired over both seeds (the modality split is not tested).
        var comparisons = json["comparisons"]!.AsArray();
        Assert.Equal(6, comparisons.Count);
        Assert.All(comparisons, c => Assert.Equal(2, c!["seeds"]!.AsArray().Count));
        Assert.All(comparisons, c => Assert.InRange(c!["sign_flip_p"]!.GetValue<double>(), 0.5, 1)); // 2 seeds: p >= 1/2

        var table = File.ReadAllText(Path.Combine(output, "study.md"));
        Assert.Contains("| alignment | 2 |", table);
        Assert.Contains("its maps read as scene-centred flip-averaged maps", table);
        Assert.Contains("out of distribution (assets/ood)", table);
        Assert.Contains("The most any map can score here with the official plain threshold", table);
        Assert.Contains("out-of-distribution pictures, the training kit's sounds", table);
        Assert.Contains("interactive validation (the demo's stopping data: recipes are chosen here)", table);
        Assert.Contains("study-files/held_out.png", File.ReadAllText(Path.Combine(output, "study.html")));
        Assert.True(new FileInfo(Path.Combine(output, "study-files", "ood.png")).Length > 1000);
    }

    [Fact]
    public void ABadConfigIsOneLine()
    {
        var config = Path.Combine(_dir, "bad.json");
        File.WriteAllText(config, """{ "steps": 2, "recipes": [ { "name": "x", "method": "sgd" } ] }""");
        CliRunner.AssertOneLineError(CliRunner.Run("study", "--config", config, "--out", Path.Combine(_dir, "o")), "method must be alignment or ezvsl");
        File.WriteAllText(config, """{ "stepz": 2 }""");
        CliRunner.AssertOneLineError(CliRunner.Run("study", "--config", config, "--out", Path.Combine(_dir, "o")), "not a study config");
    }

    /// <summary>Cancels the study after the first training step of its <paramref name="stage"/>-th training stage.</summary>
    private sealed class StopInTraining(CancellationTokenSource cancel, int stage) : IDemoObserver
    {
        private int _trainingStages;
        private bool _inTarget;

        public void Stage(string name, long total)
        {
            if (name.StartsWith("train ", StringComparison.Ordinal))
            {
                _trainingStages++;
            }
            _inTarget = name.StartsWith("train ", StringComparison.Ordinal) && _trainingStages == stage;
        }

        public void Advance(long units, string? detail = null)
        {
            if (_inTarget && detail is not null)
            {
                cancel.Cancel();
            }
        }

        public void Note(string line)
        {
        }
    }
}
