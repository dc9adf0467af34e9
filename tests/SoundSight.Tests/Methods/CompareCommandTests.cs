using System.Collections;
using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using SoundSight.Tests.Cli;
using SoundSight.Tests.Evaluation;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Tests.Methods;

/// <summary>
/// `compare` on a tiny IS3-layout root with three methods' checkpoints in their official containers (ours as
/// SoundSight writes it, LVS as a DataParallel 'model_state_dict', EZ-VSL as a DataParallel 'model'): each is
/// recognised, each row equals `evaluate` on that checkpoint alone, the page shows every method's maps on the same
/// picture, and shards merge to the whole run.
/// </summary>
[RunsLong(38)]
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string area, string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", area, name);

    private (string Root, string Annotations) MakeIs3Root()
    {
        var root = Path.Combine(_dir, "IS3");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "audio_wav"));
        var entries = new List<object>();
        var pictures = new[] { ("cat_drum_11_cat", "rgb_100x150.jpg", "pcm16_10s.wav", new[] { 10, 20, 120, 200 }), ("cat_drum_11_drum", "rgb_100x150.jpg", "short_1p3s.wav", new[] { 100, 30, 224, 150 }),
            ("bell_dog_7_bell", "gray_120x90.jpg", "short_1p3s.wav", new[] { 0, 0, 80, 90 }), ("bell_dog_7_dog", "gray_120x90.jpg", "pcm16_10s.wav", new[] { 60, 100, 200, 224 }) };
        foreach (var (stem, picture, sound, box) in pictures)
        {
            File.Copy(Fixture("Imaging", picture), Path.Combine(root, "images", stem + ".jpg"));
            File.Copy(Fixture("Audio", sound), Path.Combine(root, "audio_wav", stem + ".wav"));
            entries.Add(new { image = $"/mnt/lynx2/users/arda/synthetic3241/visual_frames/{stem}.jpg", audio = $"/mnt/lynx2/users/arda/synthetic3241/audio_wav/{stem}.wav", gt_box = box.Select(v => (double)v).ToArray() });
        }
        var annotations = Path.Combine(_dir, "synthetic3240_bbox.json");
        File.WriteAllText(annotations, JsonSerializer.Serialize(entries));
        return (root, annotations);
    }

    /// <summary>A state_dict in an official container, every key with DataParallel's prefix.</summary>
    private static void SaveDataParallel(nn.Module model, string container, string path, Func<string, bool> keep)
    {
        var dict = new Hashtable();
        foreach (var (name, t) in model.state_dict())
        {
            if (keep(name))
            {
                dict["module." + name] = t.detach().contiguous();
            }
        }
        using var stream = File.Create(path);
        PyTorchPickler.PickleStateDict(stream, new Hashtable { ["epoch"] = 1, [container] = dict }, leaveOpen: true);
    }

    private (string Ours, string Lvs, string EzVsl) MakeCheckpoints()
    {
        var ours = Path.Combine(_dir, "mine.safetensors");
        var lvs = Path.Combine(_dir, "lvs_is3.pth");
        var ezvsl = Path.Combine(_dir, "ezvsl_is3.pth");
        using (var model = new SoundLocalizationModel())
        {
            DeterministicWeights.Apply(model, 20261124);
            CheckpointWriter.Save(model, ours);
            SaveDataParallel(model, "model_state_dict", lvs, k => !k.StartsWith("img_proj.", StringComparison.Ordinal) && !k.StartsWith("aud_proj.", StringComparison.Ordinal));
        }
        using (var network = new EzVslNetwork())
        {
            DeterministicWeights.Apply(network, 20261124);
            SaveDataParallel(network, "model", ezvsl, _ => true);
        }
        return (ours, lvs, ezvsl);
    }

    private static JsonElement Metrics(string compareJson, string label) =>
        JsonDocument.Parse(File.ReadAllText(compareJson)).RootElement.GetProperty("methods").EnumerateArray().First(m => m.GetProperty("label").GetString() == label).GetProperty("metrics");

    [Fact]
    public void ThreeMethodsInOneTableEqualToEvaluateAndShardsMerge()
    {
        var (root, annotations) = MakeIs3Root();
        var (ours, lvs, ezvsl) = MakeCheckpoints();
        var output = Path.Combine(_dir, "compare");
        string[] common = ["--benchmark", "is3", "--annotations", annotations, "--data-root", root, "--threads", "1"];
        var r = CliRunner.Run(["compare", .. common, "--checkpoint", ours, "--checkpoint", lvs, "--checkpoint", ezvsl, "--out", output, "--pictures", "1"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("ours: ", r.Stdout);
        Assert.Contains("lvs: ", r.Stdout);
        Assert.Contains("ezvsl: ", r.Stdout);
        var table = File.ReadAllText(Path.Combine(output, "compare.md"));
        Assert.Contains("| Ours (Senocak et al. 2025) | 4 |", table);
        Assert.Contains("| LVS (Chen et al. 2021) | 4 |", table);
        Assert.Contains("| EZ-VSL (Mo and Morgado 2022) | 4 |", table);
        Assert.Contains("IIoU", table);
        // One picture, its two sounds, three methods: six maps on the page.
        Assert.Equal(6, Directory.GetFiles(output, "map_*.png").Length);
        Assert.Contains("map_0005.png", File.ReadAllText(Path.Combine(output, "index.html")));

        // Each row is evaluate on that checkpoint alone; LVS is the same network and protocol as ours.
        var compareJson = Path.Combine(output, "compare.json");
        var alone = Path.Combine(_dir, "alone", "is3.json");
        var e = CliRunner.Run(["evaluate", .. common, "--checkpoint", ezvsl, "--json", alone]);
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Contains("method: ezvsl (recognised ezvsl", e.Stdout);
        var evaluated = JsonDocument.Parse(File.ReadAllText(alone)).RootElement;
        foreach (var key in new[] { "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive", "IIoU", "IAUC", "mIoU" })
        {
            Assert.Equal(evaluated.GetProperty(key).GetDouble(), Metrics(compareJson, "ezvsl").GetProperty(key).GetDouble());
            Assert.Equal(Metrics(compareJson, "ours").GetProperty(key).GetDouble(), Metrics(compareJson, "lvs").GetProperty(key).GetDouble());
        }

        // Two shards, merged: the same row (to float rounding: shards encode batches of 2, the whole run 4).
        var sharded = Path.Combine(_dir, "sharded");
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var s = CliRunner.Run(["compare", .. common, "--checkpoint", ezvsl, "--out", sharded, "--shard", shard]);
            Assert.True(s.ExitCode == 0, s.Stderr);
        }
        var merged = CliRunner.Run("compare", "--merge", "--out", sharded);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        NumericText.AssertClose(Metrics(compareJson, "ezvsl").GetRawText(), Metrics(Path.Combine(sharded, "compare.json"), "ezvsl").GetRawText());
    }

    [Fact]
    public void AMethodForcedOnAnotherMethodsCheckpointIsOneLine()
    {
        var (root, annotations) = MakeIs3Root();
        var path = Path.Combine(_dir, "ezvsl_partial.pth");
        File.Copy(Fixture("Methods", "ezvsl_partial.pth"), path);
        CliRunner.AssertOneLineError(
            CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--data-root", root, "--checkpoint", path, "--method", "slavc"),
            "ezvsl_partial.pth: not a SLAVC (Mo and Tian 2022) checkpoint: checkpoint lacks");
        CliRunner.AssertOneLineError(
            CliRunner.Run("compare", "--benchmark", "is3", "--annotations", annotations, "--data-root", root, "--checkpoint", path),
            "ezvsl_partial.pth: fits no method");
    }
}
