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
}
