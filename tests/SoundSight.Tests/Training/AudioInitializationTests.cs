using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using SoundSight.Training;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>The recipe's audio_init: scratch (the authors') or the offline ImageNet weights with a grey stem.</summary>
public sealed class AudioInitializationTests
{
    [Fact]
    public void ImageNetAudioEncoderSeesASpectrogramAsTheVisionEncoderSeesAGreyPicture()
    {
        // Two routes to the same function: the audio stem (conv1 summed over colours) on one channel, and the
        // ImageNet vision encoder on that channel copied into all three normalised colour channels.
        using var audio = new ResNet18Encoder(Modality.Audio);
        using var vision = new ResNet18Encoder(Modality.Vision);
        Assert.Contains("ImageNet", AudioInitialization.Apply(audio, AudioInitialization.ImageNet));
        VisionInitialization.Apply(vision, VisionInitialization.ImageNet);
        audio.eval();
        vision.eval();
        using var noGrad = no_grad();
        using var grey = randn(2, 1, 64, 48, generator: manual_seed(3));
        using var fromAudio = audio.forward(grey);
        using var fromVision = vision.forward(grey.expand(2, 3, 64, 48));
        var a = fromAudio.data<float>().ToArray();
        var v = fromVision.data<float>().ToArray();
        var scale = v.Max(Math.Abs);
        Assert.True(scale > 0);
        Assert.All(a.Zip(v), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4 * scale, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void StagesAreTheVisionEncodersAndTheRecipeChecksTheKeyword()
    {
        using var audio = new ResNet18Encoder(Modality.Audio);
        AudioInitialization.Apply(audio, AudioInitialization.ImageNet);
        var expected = ImageNetWeights.EncoderStateDict(ImageNetResNet18.Load(ImageNetModelFiles.Locate()));
        Assert.Equal(expected["layer3.1.conv2.weight"].Values, audio.state_dict()["layer3.1.conv2.weight"].data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => AudioInitialization.Apply(new ResNet18Encoder(Modality.Vision), AudioInitialization.ImageNet));

        var recipe = new TrainingRecipe { Train = "m.csv", NeighbourView = false };
        Assert.Equal("scratch", recipe.AudioInit);
        recipe.With(["audio_init=imagenet"]).Validate();
        var error = Assert.Throws<InputException>(() => recipe.With(["audio_init=audioset"]).Validate());
        Assert.Contains("audio_init", error.Message);
    }
}
