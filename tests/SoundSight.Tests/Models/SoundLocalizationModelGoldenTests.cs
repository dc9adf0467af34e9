using SoundSight.IO;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Models;

/// <summary>The model against the official AVENet and AlignmentNet with the same formula weights.</summary>
public sealed class SoundLocalizationModelGoldenTests : IClassFixture<GoldenModel>
{
    private readonly GoldenModel _golden;

    public SoundLocalizationModelGoldenTests(GoldenModel golden)
    {
        _golden = golden;
    }

    private static Tensor Load(string name)
    {
        var a = Npy.Read(GoldenModel.Fixture(name));
        return tensor(a.ToFloat(), a.Shape.Select(d => (long)d).ToArray());
    }

    [Fact]
    public void StateDictHasTheOfficialKeys()
    {
        var keys = _golden.Model.state_dict().Keys.ToHashSet();
        Assert.Contains("imgnet.conv1.weight", keys);
        Assert.Contains("imgnet.conv1_flow.weight", keys);
        Assert.Contains("audnet.conv1_a.weight", keys);
        Assert.Contains("imgnet.layer2.0.downsample.0.weight", keys);
        Assert.Contains("audnet.layer4.1.bn2.running_var", keys);
        Assert.Contains("imgnet.layer3.0.downsample.1.num_batches_tracked", keys);
        Assert.Contains("imgnet.fc.weight", keys);
        Assert.Contains("img_proj.weight", keys);
        Assert.Contains("aud_proj.bias", keys);
        Assert.Equal(248 + 4, keys.Count); // official AVENet has 248 entries; img_proj and aud_proj add 4
    }

    [Fact]
    public void LocalizationMapMatchesAvenet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var map = _golden.Model.LocalizationMap(Load("images.npy"), Load("spectrograms.npy"));
        var expected = Load("avenet_map.npy");
        Assert.Equal(expected.shape, map.shape);
        var worst = (map - expected).abs().max().item<float>();
        Assert.True(worst <= 2e-5, $"max abs {worst:E2}");
    }

    [Fact]
    public void ReducedResolutionMapMatchesAvenet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var map = _golden.Model.LocalizationMap(Load("images112.npy"), Load("spectrograms.npy"));
        var expected = Load("avenet_map112.npy");
        Assert.Equal([2L, 1, 7, 7], map.shape);
        Assert.True((map - expected).abs().max().item<float>() <= 2e-5);
    }

    [Fact]
    public void InteractiveMapsPairEveryImageWithEverySound()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var vision = _golden.Model.VisionMap(Load("images.npy"));
        var audio = _golden.Model.AudioVector(Load("spectrograms.npy"));
        var all = SoundLocalizationModel.AllLocalizationMaps(vision, audio);
        Assert.Equal([2L, 2, 14, 14], all.shape);
        var expected = Load("avenet_map.npy");
        Assert.True((all[0, 0] - expected[0, 0]).abs().max().item<float>() <= 2e-5);
        Assert.True((all[1, 1] - expected[1, 0]).abs().max().item<float>() <= 2e-5);
    }

    [Fact]
    public void AudioVectorMatchesAvenet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var audio = nn.functional.normalize(_golden.Model.AudioVector(Load("spectrograms.npy")), dim: 1);
        Assert.True((audio - Load("avenet_audio_normalized.npy")).abs().max().item<float>() <= 1e-5);
    }

    [Fact]
    public void SemanticScoreMatchesAlignmentNet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = _golden.Model.SemanticScores(_golden.Model.VisionMap(Load("images.npy")), _golden.Model.AudioVector(Load("spectrograms.npy")));
        var worst = (scores - Load("alignment_semantic_scores.npy")).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"max abs {worst:E2}");
    }
}
