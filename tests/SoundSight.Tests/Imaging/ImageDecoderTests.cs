using SoundSight.Imaging;
using SoundSight.IO;

namespace SoundSight.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", name);

    [Fact]
    public void MissingFileIsReported()
    {
        Assert.Equal("no.jpg: file not found", Assert.Throws<InputException>(() => new ImageDecoder().Decode("no.jpg")).Message);
    }

    [Fact]
    public void TextIsNotAnImage()
    {
        var e = Assert.Throws<InputException>(() => new ImageDecoder().Decode("hello, world"u8.ToArray(), "a.jpg"));
        Assert.StartsWith("a.jpg: not an image", e.Message);
    }

    [Fact]
    public void TruncatedJpegIsReportedNotDecodedGrey()
    {
        var bytes = File.ReadAllBytes(Fixture("tall_500x90.jpg"));
        var e = Assert.Throws<InputException>(() => new ImageDecoder().Decode(bytes[..(bytes.Length / 2)], "half.jpg"));
        Assert.Equal("half.jpg: corrupt or truncated image data", e.Message);
    }

    [Fact]
    public void EmptyFileIsReported()
    {
        Assert.Equal("e.png: empty file, not an image", Assert.Throws<InputException>(() => new ImageDecoder().Decode([], "e.png")).Message);
    }

    [Fact]
    public void AlphaIsDroppedForEveryPixelCount()
    {
        // The packing runs four pixels at a time with overlapping stores; every count from 1 to 41 ends differently.
        var rng = new Random(3);
        for (var n = 1; n <= 41; n++)
        {
            var rgba = new byte[n * 4];
            rng.NextBytes(rgba);
            var rgb = ImageDecoder.ToRgb(rgba, n, 1);
            var expected = Enumerable.Range(0, n * 4).Where(k => k % 4 != 3).Select(k => rgba[k]).ToArray();
            Assert.Equal(expected, rgb);
        }
    }
}
