using SoundSight.IO;
using SoundSight.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SoundSight.Tests.Models;

/// <summary>The model against the official AVENet and AlignmentNet with the same formula weights.</summary>
public sealed class SoundLocalizationModelGoldenTests : IClassFixture<GoldenModel>
{
    // Bounds: the measured deviations (printed by each test; AMD EPYC: maps 4.8e-7, audio vector 0, s_A 3.7e-8)
    // with under 10x headroom for other CPUs' kernels.
    public const double MapBound = 4e-6;
    public const double VectorBound = 3e-7;

    private readonly GoldenModel _golden;
    private readonly ITestOutputHelper _output;

    public SoundLocalizationModelGoldenTests(GoldenModel golden, ITestOutputHelper output)
    {
        _golden = golden;
        _output = output;
    }

    private void Check(Tensor actual, Tensor expected, double bound, string what)
    {
        var worst = (actual - expected).abs().max().item<float>();
        _output.WriteLine($"{what}: max abs {worst:E2}");
        Assert.True(worst <= bound, $"{what}: max abs {worst:E2} (bound {bound:E1})");
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
        Check(map, expected, MapBound, "map");
    }

    [Fact]
    public void ReducedResolutionMapMatchesAvenet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var map = _golden.Model.LocalizationMap(Load("images112.npy"), Load("spectrograms.npy"));
        var expected = Load("avenet_map112.npy");
        Assert.Equal([2L, 1, 7, 7], map.shape);
        Check(map, expected, MapBound, "map at 112 px");
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
        Check(all[0, 0], expected[0, 0], MapBound, "pair 0");
        Check(all[1, 1], expected[1, 0], MapBound, "pair 1");
    }

    [Fact]
    public void AudioVectorMatchesAvenet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var audio = nn.functional.normalize(_golden.Model.AudioVector(Load("spectrograms.npy")), dim: 1);
        Check(audio, Load("avenet_audio_normalized.npy"), VectorBound, "audio vector");
    }

    [Fact]
    public void SemanticScoreMatchesAlignmentNet()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = _golden.Model.SemanticScores(_golden.Model.VisionMap(Load("images.npy")), _golden.Model.AudioVector(Load("spectrograms.npy")));
        Check(scores, Load("alignment_semantic_scores.npy"), VectorBound, "s_A");
    }
}
