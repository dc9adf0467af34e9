using SoundSight.Audio;
using SoundSight.Demo;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Methods;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Localization;

/// <summary>
/// Scene-centred and flip-averaged maps (<see cref="LocalizerOptions.CentredMaps"/>, <see cref="LocalizerOptions.FlipAverage"/>):
/// the formula, what it ignores, where it applies.
/// </summary>
public sealed class CentredMapsTests
{
    [Fact]
    public void CentredMapIsTheCosineOfEachLocationLessThePictureMeanWithTheSound()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7);
        var vision = rand([2, 8, 3, 4], generator: generator); // post-ReLU-like: all positive
        var audio = randn([2, 8], generator: generator);
        var maps = SoundLocalizationModel.LocalizationMapFromFeatures(vision, audio, centred: true);
        var all = SoundLocalizationModel.AllLocalizationMaps(vision, audio, centred: true);
        Assert.Equal([2L, 1, 3, 4], maps.shape);
        var v = vision.data<float>().ToArray();
        var a = audio.data<float>().ToArray();
        for (var n = 0; n < 2; n++)
        {
            var mean = new double[8];
            for (var c = 0; c < 8; c++)
            {
                for (var p = 0; p < 12; p++)
                {
                    mean[c] += v[(((n * 8) + c) * 12) + p] / 12.0;
                }
            }
            var audioNorm = Math.Sqrt(Enumerable.Range(0, 8).Sum(c => (double)a[(n * 8) + c] * a[(n * 8) + c]));
            for (var p = 0; p < 12; p++)
            {
                double dot = 0, norm = 0;
                for (var c = 0; c < 8; c++)
                {
                    var centred = v[(((n * 8) + c) * 12) + p] - mean[c];
                    dot += centred * a[(n * 8) + c];
                    norm += centred * centred;
                }
                var expected = dot / Math.Sqrt(norm) / audioNorm;
                Assert.Equal(expected, maps[n, 0, p / 4, p % 4].item<float>(), 5);
                Assert.Equal(expected, all[n, n, p / 4, p % 4].item<float>(), 5);
            }
        }
    }

    [Fact]
    public void CentredMapsIgnoreWhatEveryLocationShares()
    {
        // The reason for the reading: a feature common to every location of the picture (the background, the
        // shared post-ReLU mean) moves the official map and leaves the centred one unchanged.
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(11);
        var vision = rand([1, 16, 5, 5], generator: generator);
        var audio = randn([3, 16], generator: generator);
        var shared = 4 * rand([1, 16, 1, 1], generator: generator);
        var centred = SoundLocalizationModel.AllLocalizationMaps(vision, audio, centred: true);
        var centredShifted = SoundLocalizationModel.AllLocalizationMaps(vision + shared, audio, centred: true);
        var plain = SoundLocalizationModel.AllLocalizationMaps(vision, audio);
        var plainShifted = SoundLocalizationModel.AllLocalizationMaps(vision + shared, audio);
        Assert.True((centred - centredShifted).abs().max().item<float>() < 1e-5f);
        Assert.True((plain - plainShifted).abs().max().item<float>() > 1e-2f);
    }

    [Fact]
    public void PlainMapsAreTheOfficialOnesByDefault()
    {
        Assert.False(new LocalizerOptions().CentredMaps);
        Assert.False(new LocalizerOptions().FlipAverage);
        Assert.True(DemoSettings.Full.CentredMaps);
        Assert.True(DemoSettings.Full.FlipAverage);
    }

    [Fact]
    public void AFlipAveragedMapOfAMirroredPictureIsTheMirroredMap()
    {
        // Averaging with the mirrored picture's map makes the reading mirror-symmetric, which the plain map is not;
        // both localize paths (one picture with several sounds, and pairs) agree.
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 5);
        var random = new Random(3);
        var pixels = new byte[64 * 48 * 3];
        random.NextBytes(pixels);
        var picture = new RgbImage(64, 48, pixels, "random");
        var mirrored = new byte[pixels.Length];
        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                Array.Copy(pixels, ((y * 64) + x) * 3, mirrored, ((y * 64) + 63 - x) * 3, 3);
            }
        }
        var mirror = new RgbImage(64, 48, mirrored, "mirrored");
        var sound = new AudioClip(Enumerable.Range(0, 16000 * 4).Select(i => Math.Sin(i * 0.05) * 0.3).ToArray(), 16000, 1, "tone");
        foreach (var centred in new[] { false, true })
        {
            using var averaged = new Localizer(model, new LocalizerOptions { ImageSize = 64, Backend = InferenceBackend.Torch, FlipAverage = true, CentredMaps = centred }, ownsModel: false);
            using var plain = new Localizer(model, new LocalizerOptions { ImageSize = 64, Backend = InferenceBackend.Torch, CentredMaps = centred }, ownsModel: false);
            var maps = averaged.LocalizePairs([(picture, sound), (mirror, sound)]);
            var single = averaged.Localize(picture, [sound])[0];
            var unaveraged = plain.LocalizePairs([(picture, sound), (mirror, sound)]);
            var (h, w) = (maps[0].RawHeight, maps[0].RawWidth);
            double averagedGap = 0, plainGap = 0, pathGap = 0;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    averagedGap = Math.Max(averagedGap, Math.Abs(maps[0].RawMap[(y * w) + x] - maps[1].RawMap[(y * w) + w - 1 - x]));
                    plainGap = Math.Max(plainGap, Math.Abs(unaveraged[0].RawMap[(y * w) + x] - unaveraged[1].RawMap[(y * w) + w - 1 - x]));
                    pathGap = Math.Max(pathGap, Math.Abs(maps[0].RawMap[(y * w) + x] - single.RawMap[(y * w) + x]));
                }
            }
            Assert.True(averagedGap < 1e-5, $"centred {centred}: flip-averaged maps of mirrored pictures differ by {averagedGap:E2}");
            Assert.True(plainGap > 1e-3, $"centred {centred}: the unaveraged maps were already mirror-symmetric ({plainGap:E2}); the test shows nothing");
            Assert.True(pathGap < 1e-5, $"centred {centred}: Localize and LocalizePairs differ by {pathGap:E2}");
        }
    }

    [Fact]
    public void MethodsWithTheirOwnProjectionRefuseCentredMapsNamingTheSetting()
    {
        var method = MethodRegistry.Get("ezvsl");
        using var model = method.CreateModel(new MethodOptions());
        var e = Assert.Throws<InputException>(() => method.Wrap(model, new LocalizerOptions { CentredMaps = true }, ownsModel: false));
        Assert.Contains(Setting.CentredMaps, e.Message);
        Assert.Contains("AVENet methods", e.Message);
        var flip = Assert.Throws<InputException>(() => method.Wrap(model, new LocalizerOptions { FlipAverage = true }, ownsModel: false));
        Assert.Contains(Setting.FlipAverage, flip.Message);
    }

    [Fact]
    public void ADefaultModelFileWithoutTheReadingIsPlainAndTheReadingTravelsIntoTheOptions()
    {
        var old = System.Text.Json.JsonSerializer.Deserialize<DefaultModel>("{\"Checkpoint\":\"m.safetensors\",\"ImageSize\":112,\"AudioSeconds\":0.5,\"TrainedBy\":\"demo\"}")!;
        Assert.False(old.CentredMaps);
        Assert.False(old.Apply(new LocalizerOptions()).CentredMaps);
        Assert.Equal("112 px, 0.5-s window", old.Describe());
        var centred = old with { CentredMaps = true, FlipAverage = true };
        var options = centred.Apply(new LocalizerOptions());
        Assert.True(options.CentredMaps);
        Assert.True(options.FlipAverage);
        Assert.Equal(112, options.ImageSize);
        Assert.Equal("112 px, 0.5-s window, scene-centred flip-averaged maps", centred.Describe());
    }
}
