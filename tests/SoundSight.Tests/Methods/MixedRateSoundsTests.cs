using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Methods;
using SoundSight.Models;

namespace SoundSight.Tests.Methods;

/// <summary>
/// Sounds of different sample rates with a method whose front end reads each file at its own rate (FNAC, SSL-TIE): their inputs differ in length, so they are encoded one batch per length, and every map equals the
/// one the sound gets alone. Before, one picture with a 16-kHz and a 22.05-kHz sound was refused ("use --batch 1").
/// </summary>
public sealed class MixedRateSoundsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-rates-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("fnac")]
    [InlineData("ssltie")]
    public void EachSoundGetsTheMapItGetsAlone(string name)
    {
        var method = MethodRegistry.Get(name);
        var model = method.CreateModel(new MethodOptions());
        DeterministicWeights.Apply(model, 3);
        using var localizer = method.Wrap(model, method.Configure(new LocalizerOptions { Threads = 2, Backend = InferenceBackend.Torch }, null));
        var sounds = new[] { Tone(16000, 440, "a"), Tone(22050, 660, "b"), Tone(16000, 880, "c") };
        var pictures = new[] { Picture(1), Picture(2), Picture(3) };

        var together = localizer.Localize(pictures[0], sounds);
        var pairs = localizer.LocalizePairs(pictures.Zip(sounds).ToList());
        for (var k = 0; k < sounds.Length; k++)
        {
            var alone = localizer.Localize(pictures[0], [sounds[k]])[0];
            AssertClose(alone.EvaluationMap, together[k].EvaluationMap);
            var pairAlone = localizer.Localize(pictures[k], [sounds[k]])[0];
            AssertClose(pairAlone.EvaluationMap, pairs[k].EvaluationMap);
            // What the whole-video mode keeps per step (the raw map) gives back the result's own evaluation map.
            Assert.Equal(together[k].EvaluationMap, localizer.EvaluationMapOf(together[k].RawMap, together[k].RawHeight, together[k].RawWidth));
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-5, $"largest difference {worst}");
    }

    /// <summary>A 10-s tone written as a 16-bit WAV at <paramref name="rate"/> (the front ends read the file).</summary>
    private AudioClip Tone(int rate, double hertz, string name)
    {
        var path = Path.Combine(_dir, $"{name}.wav");
        File.WriteAllBytes(path, WavWriter.Pcm16(Web.ServerFixture.Sine(hertz, rate, 10), rate));
        return AudioLoader.Load(path);
    }

    private static RgbImage Picture(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[96 * 80 * 3];
        random.NextBytes(pixels);
        return new RgbImage(96, 80, pixels, $"picture {seed}");
    }
}
