using SoundSight.Checkpoints;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using static TorchSharp.torch;
using UpsampleMode = SoundSight.Maps.UpsampleMode;

namespace SoundSight.Tests.Models;

/// <summary>The OGL object saliency: golden post-processing against the official code, and both networks.</summary>
public sealed class ObjectSaliencyTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("soundsight-saliency-").FullName;

    private static NpyArray Fixture(string name) => Npy.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ImageNet", name));

    private static float[] Picture()
    {
        var image = new ImageDecoder().Decode(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "rgb_100x150.jpg"));
        return new ImageFrontEnd(224).ToArray(image);
    }

    [Fact]
    public void ReductionUpsamplingAndNormalisationMatchTheOfficialCode()
    {
        var features = Fixture("saliency_features.npy").ToFloat();
        var native = ObjectSaliency.ChannelMeanAbs(features, 512, 49);
        var expectedNative = Fixture("saliency_native.npy").ToFloat();
        for (var i = 0; i < 49; i++)
        {
            Assert.Equal(expectedNative[i], native[i], 1e-6f);
        }
        foreach (var (mode, name) in new[] { (UpsampleMode.AlignCorners, "saliency_align_corners.npy"), (UpsampleMode.HalfPixel, "saliency_half_pixel.npy") })
        {
            var map = ObjectSaliency.FromNative(expectedNative, 7, 7, mode);
            var expected = Fixture(name).ToFloat();
            Assert.Equal(224 * 224, map.Length);
            Assert.True(map.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) < 2e-6, name);
        }
    }

    [Fact]
    public void PackageNetworkGivesTheMeanAbsoluteActivationOfItsLastStage()
    {
        var picture = Picture();
        using var saliency = ObjectSaliency.FromPackage(threads: 1);
        var native = saliency.NativeMap(picture);
        using var extractor = new ImageNetFeatureExtractor(ImageNetModelFiles.Locate(), threads: 1);
        var (values, shape) = extractor.Run(picture, ["layer4"])["layer4"];
        Assert.Equal([512, 7, 7], shape);
        Assert.Equal(ObjectSaliency.ChannelMeanAbs(values, 512, 49), native);
        var map = saliency.Map(picture, UpsampleMode.AlignCorners);
        Assert.Equal(224 * 224, map.Length);
        Assert.Equal(0f, map.Min(), 1e-6f);
        Assert.Equal(1f, map.Max(), 1e-6f);
    }

    [Fact]
    public void TorchvisionCheckpointIsLoadedByKeyNamesWithStrideTwo()
    {
        // A torchvision-keyed state_dict written from a stride-2 encoder with deterministic weights.
        using var source = new ResNet18Encoder(Modality.Vision, layer4Stride: 2);
        DeterministicWeights.Apply(source, 7);
        source.eval();
        var path = Path.Combine(_work, "resnet18.pth");
        CheckpointWriter.Save(source, path);
        var picture = Picture();
        using var saliency = ObjectSaliency.FromTorchvision(path);
        var native = saliency.NativeMap(picture);
        Assert.Equal(49, native.Length);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var expected = source.forward(tensor(picture, [1, 3, 224, 224])).abs().mean([1]).data<float>().ToArray();
        Assert.Equal(expected, native);
    }

    [Fact]
    public void CheckpointWithoutTheBackboneIsAnInputError()
    {
        var path = Path.Combine(_work, "not-resnet.pth");
        using (var other = nn.Linear(3, 4))
        {
            CheckpointWriter.Save(other, path);
        }
        var error = Assert.Throws<InputException>(() => ObjectSaliency.FromTorchvision(path));
        Assert.Contains("conv1.weight", error.Message);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
