using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>The recipe's vision_init: scratch, the offline ImageNet weights, or a torchvision .pth by key names.</summary>
public sealed class VisionInitializationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-vision-init-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ImageNetKeywordLoadsTheMappedPackageWeights()
    {
        using var encoder = new ResNet18Encoder(Modality.Vision);
        var line = VisionInitialization.Apply(encoder, "imagenet");
        Assert.Contains("ImageNet", line);
        var expected = ImageNetWeights.EncoderStateDict(ImageNetResNet18.Load(ImageNetModelFiles.Locate()));
        var actual = encoder.state_dict();
        foreach (var key in new[] { "conv1.weight", "bn1.running_mean", "layer2.0.downsample.0.weight", "layer4.1.bn2.running_var" })
        {
            Assert.Equal(expected[key].Values, actual[key].data<float>().ToArray());
        }
    }

    [Fact]
    public void TorchvisionPathLoadsByKeyNamesAndLeavesTheAudioStemAlone()
    {
        using var source = new ResNet18Encoder(Modality.Vision);
        DeterministicWeights.Apply(source, 11);
        // As torchvision writes it: no audio or flow stem.
        var path = Path.Combine(_dir, "resnet18.pth");
        var torchvision = new System.Collections.Hashtable();
        foreach (var (name, t) in source.state_dict().Where(kv => !kv.Key.StartsWith("conv1_", StringComparison.Ordinal)))
        {
            torchvision[name] = t;
        }
        using (var file = File.Create(path))
        {
            TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(file, torchvision);
        }
        using var encoder = new ResNet18Encoder(Modality.Vision);
        DeterministicWeights.Apply(encoder, 12);
        var audioStem = encoder.state_dict()["conv1_a.weight"].data<float>().ToArray();
        Assert.Contains("torchvision", VisionInitialization.Apply(encoder, path));
        var loaded = encoder.state_dict();
        Assert.Equal(source.state_dict()["layer3.1.conv2.weight"].data<float>().ToArray(), loaded["layer3.1.conv2.weight"].data<float>().ToArray());
        Assert.Equal(audioStem, loaded["conv1_a.weight"].data<float>().ToArray());
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        using var encoder = new ResNet18Encoder(Modality.Vision);
        var missing = Path.Combine(_dir, "nope.pth");
        var error = Assert.Throws<InputException>(() => VisionInitialization.Apply(encoder, missing));
        Assert.Contains("nope.pth", error.Message);
    }

    [Fact]
    public void RecipeResolvesAPathBesideItAndKeepsKeywords()
    {
        var recipePath = Path.Combine(_dir, "r.json");
        File.WriteAllText(recipePath, """{ "train": "m.csv", "neighbour_view": false, "vision_init": "weights/resnet18.pth" }""");
        var recipe = TrainingRecipe.Load(recipePath);
        Assert.Equal(Path.Combine(_dir, "weights", "resnet18.pth"), recipe.VisionInit);
        Assert.Equal("imagenet", recipe.With(["vision_init=imagenet"]).VisionInit);
        File.WriteAllText(recipePath, """{ "train": "m.csv", "neighbour_view": false }""");
        Assert.Equal("scratch", TrainingRecipe.Load(recipePath).VisionInit);
    }

    [Fact]
    public void TrainerStartsFromImageNetWeights()
    {
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 12);
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["max_steps=1", "batch_size=4", "vision_init=imagenet", "neighbour_view=false"]);
        var messages = new List<string>();
        new Trainer(recipe, Path.Combine(_dir, "run")).Run(new SynchronousRecorder(messages));
        Assert.Contains(messages, m => m.Contains("ImageNet ResNet-18", StringComparison.Ordinal));
    }

    private sealed class SynchronousRecorder(List<string> messages) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Message is { } m)
            {
                messages.Add(m);
            }
        }
    }
}
