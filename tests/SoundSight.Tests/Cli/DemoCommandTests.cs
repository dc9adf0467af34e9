using System.Text.Json.Nodes;

namespace SoundSight.Tests.Cli;

/// <summary>`demo --quick` as a user runs it: every stage, the report, the numbers, and localize's new default.</summary>
[RunsLong(67)]
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void QuickDemoWritesTheReportTheNumbersAndTheDefaultModel()
    {
        var home = Path.Combine(_dir, "home");
        var env = new Dictionary<string, string> { ["SOUNDSIGHT_HOME"] = home };
        var output = Path.Combine(_dir, "out");
        var run = CliRunner.RunWith(env, "demo", "--quick", "--out", output, "--threads", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("minutes on a 2-core CPU", run.Stderr);
        // Auto precision: bfloat16 where this CPU computes it natively, float32 elsewhere; both methods alike.
        Assert.Contains($"training in {SoundSight.Models.EncoderPrecision.FastestHere()}", run.Stderr);
        foreach (var method in new[] { "alignment", "ezvsl" })
        {
            var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(output, $"{method}.recipe.json")))!;
            Assert.Equal(SoundSight.Models.EncoderPrecision.FastestHere(), recipe["precision"]!.GetValue<string>());
        }

        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!.AsObject();
        foreach (var model in new[] { "trained", "untrained", "ezvsl" })
        {
            var e = results[model]!.AsObject();
            foreach (var key in new[] { "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive", "mIoU", "IIoU", "IAUC", "IIoU_adaptive", "IAUC_adaptive" })
            {
                var v = e[key]!.GetValue<double>();
                Assert.InRange(v, 0, 1);
            }
            Assert.Equal(32, e["samples"]!.GetValue<int>()); // 16 test scenes x 2 sounding objects
            Assert.InRange(results["retrieval"]![model]!["audio_to_image_r1"]!.GetValue<double>(), 0, 1);
        }
        // The stopping point and localize's model are chosen on the interactive validation set (8 scenes x 2).
        Assert.Equal(16, results["validation"]!["trained"]!["samples"]!.GetValue<int>());
        Assert.InRange(results["validation"]!["ezvsl"]!["IIoU"]!.GetValue<double>(), 0, 1);
        var selected = results["selected"]!.AsObject();
        Assert.Contains(selected["model"]!.GetValue<string>(), new[] { "trained", "ezvsl" });
        Assert.InRange(results["trained_steps"]!.GetValue<int>(), 1, results["training_steps"]!.GetValue<int>());
        // The neighbour view's precision against the scenes' categories (which the mining never reads).
        var neighbours = results["neighbours"]!.AsObject();
        Assert.Equal("through-audio", neighbours["mining"]!.GetValue<string>());
        // The demo mines only its own lists (through the sound: no picture embeddings); `study` mines the others.
        Assert.Equal(["neighbours-through-audio.json"], Directory.GetFiles(Path.Combine(output, "data"), "neighbours-*.json").Select(Path.GetFileName));
        foreach (var modality in new[] { "image", "audio" })
        {
            Assert.InRange(neighbours["quality"]![modality]!["precision_at_1"]!.GetValue<double>(), 0, 1);
        }
        var page = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("claim (alignment with multiple positives beats EZ-VSL", page);
        Assert.Contains("chosen on validation data", page);
        Assert.Contains("The neighbour view", page);
        Assert.InRange(results["out_of_distribution"]!["trained"]!["IIoU"]!.GetValue<double>(), 0, 1);
        Assert.Contains("Out of distribution", page);
        Assert.InRange(results["out_of_distribution_ceiling"]!["IIoU"]!.GetValue<double>(), 0, 1);
        Assert.Contains("sized by its box area", page);
        Assert.Equal(File.ReadAllBytes(selected["checkpoint"]!.GetValue<string>()), File.ReadAllBytes(Path.Combine(home, "default-model.safetensors")));
        // Every map is read scene-centred, and so will localize's; the selected model's official reading is reported too.
        Assert.Equal("centred+flip", results["maps"]!.GetValue<string>());
        Assert.InRange(results["selected_official_map"]!["IIoU"]!.GetValue<double>(), 0, 1);
        Assert.Contains("With the official map the model handed to", page);
        var defaultModel = JsonNode.Parse(File.ReadAllText(Path.Combine(home, "default-model.json")))!;
        Assert.True(defaultModel["CentredMaps"]!.GetValue<bool>());
        Assert.True(defaultModel["FlipAverage"]!.GetValue<bool>());
        var images = Directory.GetFiles(Path.Combine(output, "report-files"), "scene*.png");
        Assert.Equal(3 * 2 * 2, images.Length); // 3 scenes x 2 sounds x (alignment, EZ-VSL)

        // The trained model is now what localize uses without --checkpoint.
        var test = Path.Combine(output, "data", "test");
        var picture = Directory.GetFiles(Path.Combine(test, "images"))[0];
        var sound = Directory.GetFiles(Path.Combine(test, "audio_wav"))[0];
        var localize = CliRunner.RunWith(env, "localize", "--image", picture, "--audio", sound, "--out", Path.Combine(_dir, "maps"));
        Assert.True(localize.ExitCode == 0, localize.Stderr);
        Assert.Contains("using the default model", localize.Stderr);
        Assert.Contains("scene-centred flip-averaged maps", localize.Stderr);

        // A second run keeps the finished stages.
        var again = CliRunner.RunWith(env, "demo", "--quick", "--out", output, "--threads", "2", "--no-default-model");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("kept", again.Stderr);
        // ... and what its models scored: the same checkpoints on the same sets are read back, not scored again.
        Assert.DoesNotContain("evaluate trained", again.Stderr);
        Assert.Equal(results["trained"]!.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!["trained"]!.ToJsonString());
    }
}
