using SoundSight.Checkpoints;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Tests.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Checkpoints;

public sealed class CheckpointTests : IClassFixture<GoldenModel>, IDisposable
{
    private readonly GoldenModel _golden;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ck-{Guid.NewGuid():N}");

    public CheckpointTests(GoldenModel golden)
    {
        _golden = golden;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("model.pth.tar")]
    [InlineData("model.safetensors")]
    public void RoundTripKeepsEveryTensor(string name)
    {
        var path = Path.Combine(_dir, name);
        CheckpointWriter.Save(_golden.Model, path);
        using var loaded = new SoundLocalizationModel(ParameterInit.Loaded);
        var report = CheckpointLoader.Load(loaded, path);
        Assert.Equal(252, report.LoadedTensors);
        Assert.Empty(report.IgnoredKeys);
        Assert.True(report.HasProjections);
        var expected = _golden.Model.state_dict();
        foreach (var (key, t) in loaded.state_dict())
        {
            Assert.True(t.eq(expected[key]).all().item<bool>(), key);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        if (name.EndsWith(".pth.tar", StringComparison.Ordinal))
        {
            // torch.save's layout, every entry stored (not deflated): one data entry per tensor, then the pickle.
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
            Assert.Equal(252 + 3, zip.Entries.Count);
            Assert.Contains(zip.Entries, e => e.FullName == "archive/data.pkl");
            using var version = new StreamReader(zip.GetEntry("archive/version")!.Open());
            Assert.Equal("3", version.ReadToEnd().Trim());
        }
    }

    [Fact]
    public void CheckpointWithoutProjectionsLoadsForLocalization()
    {
        var path = Path.Combine(_dir, "avenet.pth");
        CheckpointWriter.Save(_golden.Model, path, includeProjections: false);
        using var loaded = new SoundLocalizationModel(ParameterInit.Loaded);
        var report = CheckpointLoader.Load(loaded, path, SoundLocalizationModel.ProjectionPrefixes);
        Assert.False(report.HasProjections);
        Assert.False(loaded.HasProjections);
        Assert.Contains("s_A unavailable", report.Summary());
    }

    [Fact]
    public void TorchSavedFileIsReadWithPrefixAndContainer()
    {
        var (format, container, tensors) = CheckpointLoader.Read(GoldenModel.Fixture("partial_official.pth.tar"));
        Assert.Equal("pytorch", format);
        Assert.Equal("model_state_dict", container);
        Assert.Contains("module.imgnet.conv1.weight", tensors.Keys);
        Assert.Equal([64L, 3, 7, 7], tensors["module.imgnet.conv1.weight"].shape);
        var expected = DeterministicWeights.Values("imgnet.conv1.weight", [64, 3, 7, 7], GoldenModel.Seed);
        Assert.Equal(expected, tensors["module.imgnet.conv1.weight"].data<float>().ToArray());
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(model, GoldenModel.Fixture("partial_official.pth.tar")));
        Assert.EndsWith("checkpoint lacks imgnet.conv1_a.weight, which the model needs", e.Message);
    }

    [Fact]
    public void ExtraKeysAndModulePrefixAreReported()
    {
        var path = Path.Combine(_dir, "with-extras.pth");
        var dict = new System.Collections.Hashtable();
        foreach (var (k, t) in _golden.Model.state_dict())
        {
            dict["module." + k] = t;
        }
        using var extra = zeros(1);
        dict["module.norm3.weight"] = extra;
        TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(path, new System.Collections.Hashtable { ["model_state_dict"] = dict, ["epoch"] = 7 });
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        var report = CheckpointLoader.Load(model, path);
        Assert.True(report.HadModulePrefix);
        Assert.Equal(["norm3.weight"], report.IgnoredKeys);
    }

    [Theory]
    [InlineData("text", "not a checkpoint")]
    [InlineData("zip", "unreadable PyTorch checkpoint")]
    public void NonCheckpointsAreReported(string kind, string expected)
    {
        var path = Path.Combine(_dir, "bad.pth");
        if (kind == "text")
        {
            File.WriteAllText(path, "this is not a model");
        }
        else
        {
            CheckpointWriter.Save(_golden.Model, path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        }
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(model, path));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(path, e.Message);
    }
}
