using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Data;
using SoundSight.Models;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>Short CPU runs on a generated set: learning happens, checkpoints resume exactly, bad items are reported.</summary>
[RunsLong(66)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"train-{Guid.NewGuid():N}");

    public TrainerTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Mine(string manifest)
    {
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 0);
        var table = new NeighbourMiner(model, 64, new SoundSight.Audio.AudioWindow(10, 4.5, 5.5)).Mine(TrainingSet.Load(manifest), 3);
        var path = Path.Combine(_dir, "neighbours.json");
        table.Save(path);
        return path;
    }

    [Fact]
    public void ResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 24);
        var neighbours = Mine(manifest);
        // With a weight average, which the checkpoints must carry for the resumed run to hand on the same model.
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, neighbours)).With(["max_steps=4", "ema_decay=0.9"]);

        var straight = new Trainer(recipe, Path.Combine(_dir, "straight")).Run();
        Assert.Equal(4, straight.Steps);

        // Stop after step 2 (a checkpoint), as a kill after that checkpoint would, then resume to the end.
        var first = new Trainer(recipe with { MaxSteps = 2 }, Path.Combine(_dir, "resumed")).Run();
        Assert.Equal(2, first.Steps);
        var second = new Trainer(recipe, Path.Combine(_dir, "resumed")).Run();
        Assert.Equal(4, second.Steps);

        using var a = new SoundLocalizationModel(ParameterInit.Loaded);
        using var b = new SoundLocalizationModel(ParameterInit.Loaded);
        CheckpointLoader.Load(a, Path.Combine(_dir, "straight", "last.safetensors"));
        CheckpointLoader.Load(b, Path.Combine(_dir, "resumed", "last.safetensors"));
        var bs = b.state_dict();
        foreach (var (name, t) in a.state_dict())
        {
            Assert.True(t.eq(bs[name]).all().item<bool>(), $"{name} differs after resume");
        }
        // last.safetensors holds the average, not the last step's weights (the newest checkpoint's "model." tensors).
        var newest = new CheckpointStore(Path.Combine(_dir, "straight", "checkpoints"), 3).Latest()!.Value;
        Assert.Contains(a.named_parameters(), p => p.name.StartsWith("audnet.", StringComparison.Ordinal) && !p.parameter.eq(newest.Tensors[$"model.{p.name}"]).all().item<bool>());
        Assert.Contains(newest.Tensors.Keys, k => k.StartsWith("average.", StringComparison.Ordinal));
        foreach (var t in newest.Tensors.Values)
        {
            t.Dispose();
        }
        var log = File.ReadAllLines(Path.Combine(_dir, "resumed", "metrics.jsonl")).Where(l => l.Contains("\"loss\"")).ToList();
        Assert.Equal(4, log.Count);
        // The neighbour lists' quality (the synthetic classes are known) is in the summary, and logged once as step 0,
        // a resume included.
        Assert.InRange(straight.Neighbours!.Image.PrecisionAt1!.Value, 0, 1);
        Assert.InRange(straight.Neighbours.Audio.K, 1, 3);
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "resumed", "metrics.jsonl")), l => l.Contains("\"neighbours\""));
    }

    [Fact]
    public void AFrozenVisionEncoderChangesOnlyInLayer4WhenThatStageTrains()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 12);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["max_steps=2", "freeze_vision=true", "train_vision_layer4=true"]);
        new Trainer(recipe, Path.Combine(_dir, "run")).Run();
        using var start = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(start, recipe.Seed);
        using var trained = new SoundLocalizationModel(ParameterInit.Loaded);
        CheckpointLoader.Load(trained, Path.Combine(_dir, "run", "last.safetensors"));
        var after = trained.state_dict();
        foreach (var (name, t) in start.state_dict().Where(kv => kv.Key.StartsWith("imgnet.", StringComparison.Ordinal) || kv.Key.StartsWith("vision", StringComparison.Ordinal)))
        {
            var same = t.eq(after[name]).all().item<bool>();
            // layer4's weights learn; its BatchNorm statistics and every earlier stage stay as initialised.
            var learns = name.Contains(".layer4.", StringComparison.Ordinal) && !name.Contains("running_", StringComparison.Ordinal) && !name.EndsWith("num_batches_tracked", StringComparison.Ordinal);
            Assert.True(learns != same, $"{name}: {(same ? "unchanged" : "changed")}");
        }
        Assert.Throws<SoundSight.IO.InputException>(() => recipe.With(["freeze_vision=false"]).Validate());
    }

    [Fact]
    public void ShortRunLowersTheLossAndRetrievesAboveChance()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 48, classes: 4);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["epochs=5", "augmented_view=false", "checkpoint_every_steps=100"]);
        var run = Path.Combine(_dir, "run");
        var summary = new Trainer(recipe, run).Run();
        var losses = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("loss", out _))
            .Select(e => e.GetProperty("loss").GetDouble()).ToList();
        Assert.True(losses.TakeLast(4).Average() < losses.Take(4).Average(), $"loss did not go down: {string.Join(", ", losses.Select(l => l.ToString("0.000")))}");
        Assert.True(summary.BestMetric > 0.25, $"best audio->image R@1 {summary.BestMetric} is not above chance (0.25)");
        Assert.True(File.Exists(Path.Combine(run, "best.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "loss.png")));
    }

    [Fact]
    public void ABFloat16RunTrainsAndSavesFloat32Weights()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 12);
        // One small step is enough to prove the run trains and saves float32 weights: bfloat16 kernels are slow on CPUs
        // without native bfloat16 (minutes for two full-size steps on an AVX2-only EPYC).
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["max_steps=1", "precision=bf16", "batch_size=4", "audio_seconds=0.5", "validation_fraction=0"]);
        var summary = new Trainer(recipe, Path.Combine(_dir, "run")).Run();
        Assert.True(double.IsFinite(summary.LastLoss), $"loss {summary.LastLoss}");
        using var start = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(start, recipe.Seed);
        using var trained = new SoundLocalizationModel(ParameterInit.Loaded);
        CheckpointLoader.Load(trained, Path.Combine(_dir, "run", "last.safetensors"));
        var after = trained.state_dict();
        Assert.All(after.Where(kv => kv.Value.is_floating_point()), kv => Assert.Equal(TorchSharp.torch.ScalarType.Float32, kv.Value.dtype));
        Assert.Contains(start.state_dict(), kv => kv.Key.StartsWith("audnet.layer1", StringComparison.Ordinal) && !kv.Value.eq(after[kv.Key]).all().item<bool>());
        Assert.Throws<SoundSight.IO.InputException>(() => recipe.With(["precision=fp16"]).Validate());
    }

    [Fact]
    public void BadItemsAreReportedWithTheirLine()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 12);
        File.AppendAllLines(manifest, ["missing.png,item000.wav,class0"]);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["max_steps=1"]);
        var e = Assert.Throws<SoundSight.IO.InputException>(() => new Trainer(recipe, Path.Combine(_dir, "bad")).Run());
        Assert.Contains("manifest.csv:14", e.Message);
        Assert.Contains("train with skip_bad)", e.Message);
        Assert.Contains("train with --skip-bad)", SoundSight.Cli.Console.SettingFlags.Describe(e));
        var summary = new Trainer(recipe with { SkipBad = true }, Path.Combine(_dir, "skipped")).Run();
        Assert.Equal(1, summary.BadItemsDropped);
        Assert.Equal(1, summary.Steps);
    }
}
