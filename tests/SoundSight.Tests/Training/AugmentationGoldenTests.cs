using System.Text.Json;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// Each step of the training views (the Pillow bicubic resize included) against torchvision's functional op on a PIL picture with the same parameters
/// (fixtures: tools/golden/augmentation_fixtures.py). Exact to the byte, except the blur, whose 3 x 3 sums may
/// round a value the other way in a few pixels (torch's float convolution order is its own).
/// </summary>
public sealed class AugmentationGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Augmentation");

    private static readonly RgbImage Picture = new ImageDecoder().Decode(Path.Combine(Folder, "picture.png"));

    private static JsonElement Params(string op)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "ops.json")));
        return doc.RootElement.GetProperty("ops").GetProperty(op).Clone();
    }

    public static TheoryData<string> ExactOps() =>
        ["rotate90", "rotate180", "rotate270", "brightness", "contrast", "saturation", "hue_small", "hue_large", "grayscale", "translate", "translate_back", "hflip", "vflip", "resize_down", "resize_up", "resize_width_only"];

    [Theory]
    [MemberData(nameof(ExactOps))]
    public void MatchesTorchvisionExactly(string op)
    {
        var (expected, actual) = Run(op);
        var differing = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual[i]).ToList();
        Assert.True(differing.Count == 0, $"{op}: {differing.Count} of {expected.Length} bytes differ, first at {(differing.Count > 0 ? differing[0] : -1)}: torchvision {(differing.Count > 0 ? expected[differing[0]] : 0)}, ours {(differing.Count > 0 ? actual[differing[0]] : 0)}");
    }

    [Theory]
    [InlineData("blur_small")]
    [InlineData("blur_large")]
    public void BlurMatchesTorchvisionToOneGreyLevel(string op)
    {
        var (expected, actual) = Run(op);
        var differing = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual[i]).ToList();
        Assert.All(differing, i => Assert.True(Math.Abs(expected[i] - actual[i]) <= 1, $"{op}: byte {i}: {expected[i]} vs {actual[i]}"));
        Assert.True(differing.Count <= expected.Length / 100, $"{op}: {differing.Count} of {expected.Length} bytes differ");
    }

    private static (byte[] Expected, byte[] Actual) Run(string op)
    {
        var expected = Npy.Read(Path.Combine(Folder, $"{op}.npy"));
        var p = Params(op);
        var result = op switch
        {
            "rotate90" or "rotate180" or "rotate270" => Geometry.RotateQuarterTurns(Picture, p.GetProperty("quarter_turns").GetInt32()),
            "brightness" => ColorJitter.Brightness(Picture, p.GetProperty("factor").GetDouble()),
            "contrast" => ColorJitter.Contrast(Picture, p.GetProperty("factor").GetDouble()),
            "saturation" => ColorJitter.Saturation(Picture, p.GetProperty("factor").GetDouble()),
            "hue_small" or "hue_large" => ColorJitter.Hue(Picture, p.GetProperty("factor").GetDouble()),
            "blur_small" or "blur_large" => GaussianBlur3.Apply(Picture, p.GetProperty("sigma").GetDouble()),
            "grayscale" => ColorJitter.Grayscale(Picture),
            "translate" or "translate_back" => Geometry.Translate(Picture, p.GetProperty("tx").GetInt32(), p.GetProperty("ty").GetInt32()),
            "hflip" => Geometry.FlipHorizontal(Picture),
            "vflip" => Geometry.FlipVertical(Picture),
            "resize_down" or "resize_up" or "resize_width_only" => PillowResize.Bicubic(Picture, p.GetProperty("width").GetInt32(), p.GetProperty("height").GetInt32()),
            _ => throw new ArgumentException(op),
        };
        Assert.Equal([result.Height, result.Width, 3], expected.Shape);
        if (!op.StartsWith("resize", StringComparison.Ordinal))
        {
            Assert.Equal((Picture.Width, Picture.Height), (result.Width, result.Height));
        }
        return (expected.Data.Select(v => (byte)v).ToArray(), result.Pixels);
    }
}
