using System.Globalization;
using System.Text.Json;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Runtime;
using SoundSight.Training;
using Xunit.Abstractions;

namespace SoundSight.Tests.Training;

/// <summary>
/// The random draws of the training views and their order, as the authors' loader makes them: their
/// dataloader_vggss.py (_load_frame(aug=True), aug_img_transform, img_transform) ran on one scripted stream of
/// values (fixture draws.json of tools/golden/augmentation_fixtures.py --kccv); replaying the same stream, the plain
/// and the augmented view must take the same number of values and come out as the authors' views did.
/// </summary>
public sealed class AugmentationDrawsGoldenTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Augmentation");

    // One grey level after normalisation (1 / 255 / 0.225): where the blur's sums or a float32-rounded jitter
    // factor round a byte the other way. Measured: no value off on these cases (AMD EPYC); up to 1 % may be.
    private const double OneLevel = 1.0 / 255 / 0.225 + 1e-6;
    private const double Exact = 1e-6;

    public static TheoryData<string> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "draws.json")));
        return new(doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ViewsDrawWhatTheAuthorsLoaderDrawsInItsOrder(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "draws.json")));
        var fixture = doc.RootElement;
        var c = fixture.GetProperty("cases").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var values = c.GetProperty("values").EnumerateArray().Select(v => ulong.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        var trace = string.Join(", ", c.GetProperty("trace").EnumerateArray().Select(t => t.GetString()));
        var picture = new ImageDecoder().Decode(Path.Combine(Folder, fixture.GetProperty("picture").GetString()!));
        var transform = new TrainImageTransform(fixture.GetProperty("size").GetInt32());
        var rng = SeededRandom.Replay(values);

        var plain = transform.Plain(picture, rng);
        Assert.True(rng.Drawn == c.GetProperty("plain_draws").GetInt32(), $"plain view took {rng.Drawn} values; the authors' loader: {trace}");
        Compare("plain", Npy.Read(Path.Combine(Folder, $"draws_{name}_plain.npy")).Data, plain);

        var augmented = transform.Augmented(picture, rng);
        Assert.True(rng.Drawn == c.GetProperty("draws").GetInt32(), $"both views took {rng.Drawn} values; the authors' loader: {trace}");
        Compare("augmented", Npy.Read(Path.Combine(Folder, $"draws_{name}_augmented.npy")).Data, augmented);
    }

    private void Compare(string view, double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var off = 0;
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            worst = Math.Max(worst, d);
            if (d > Exact)
            {
                off++;
                Assert.True(d <= OneLevel, $"{view} view, value {i}: {actual[i]} vs the authors' {expected[i]}");
            }
        }
        output.WriteLine($"{view}: {off} of {expected.Length} values one level off, worst {worst:E2}");
        Assert.True(off <= expected.Length / 100, $"{view} view: {off} of {expected.Length} values differ");
    }
}
