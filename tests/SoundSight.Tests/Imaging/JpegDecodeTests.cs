using SoundSight.Imaging;
using SoundSight.IO;

namespace SoundSight.Tests.Imaging;

public sealed class JpegDecodeTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "Jpeg");

    private static byte[] PilBytes(string path) => [.. Npy.Read(path).Data.Select(v => (byte)v)];

    public static TheoryData<string> Variants() =>
        [.. Directory.GetFiles(Folder, "*.jpg").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void TheSimdDecoderIsInstalled()
    {
        // scripts/setup.sh installs it; without it every JPEG silently takes the three-times-slower path.
        Assert.True(new ImageDecoder().UsesTurboJpeg, "libturbojpeg.so.0 not found: run scripts/setup.sh (Debian: libturbojpeg0)");
        Assert.False(new ImageDecoder(turboJpeg: false).UsesTurboJpeg);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BothDecodersGivePilsBytes(string name)
    {
        var pil = Npy.Read(Path.Combine(Folder, $"{name}.pil_rgb.npy"));
        var pilBytes = PilBytes(Path.Combine(Folder, $"{name}.pil_rgb.npy"));
        var path = Path.Combine(Folder, name);
        foreach (var turbo in new[] { true, false })
        {
            var image = new ImageDecoder(turboJpeg: turbo).Decode(path);
            Assert.Equal([image.Height, image.Width, 3], pil.Shape);
            Assert.True(pilBytes.AsSpan().SequenceEqual(image.Pixels), $"{name}, turbo {turbo}: bytes differ from PIL's");
        }
    }

    [Theory]
    [InlineData("exif3_s420_q90_50x30.jpg")]
    [InlineData("exif6_s420_q90_50x30.jpg")]
    [InlineData("exif8_s420_q90_50x30.jpg")]
    public void ExifOrientationGivesPilsUprightPicture(string name)
    {
        var upright = Npy.Read(Path.Combine(Folder, $"{name}.upright.npy"));
        var uprightBytes = PilBytes(Path.Combine(Folder, $"{name}.upright.npy"));
        foreach (var turbo in new[] { true, false })
        {
            var image = new ImageDecoder(applyExifOrientation: true, turboJpeg: turbo).Decode(Path.Combine(Folder, name));
            Assert.Equal([image.Height, image.Width, 3], upright.Shape);
            Assert.True(uprightBytes.AsSpan().SequenceEqual(image.Pixels), $"{name}, turbo {turbo}: differs from exif_transpose");
        }
    }

    [Fact]
    public void ReusedArraysAndTruncationBehaveAsBefore()
    {
        // The decoder writes into the worker's reused array; a truncated file still fails with SkiaSharp's
        // message (TurboJPEG's warning sends it there), and the next good file decodes correctly into that array.
        var path = Path.Combine(Folder, "photo_s420_q90_320x240.jpg");
        var bytes = File.ReadAllBytes(path);
        var decoder = new ImageDecoder();
        var arrays = new ReusableArrays<byte>();
        var first = decoder.Decode(path, arrays);
        var e = Assert.Throws<InputException>(() => decoder.Decode(bytes[..(bytes.Length / 2)], "half.jpg"));
        Assert.Equal("half.jpg: corrupt or truncated image data", e.Message);
        var second = decoder.Decode(path, arrays);
        Assert.Same(first.Pixels, second.Pixels);
        Assert.True(PilBytes($"{path}.pil_rgb.npy").AsSpan().SequenceEqual(second.Pixels));
    }

    [Fact]
    public void ManyThreadsShareOneDecoder()
    {
        // Training workers share the builder's decoder; TurboJPEG handles are per thread.
        var decoder = new ImageDecoder();
        var files = Directory.GetFiles(Folder, "s4*.jpg");
        var expected = files.Select(f => new ImageDecoder(turboJpeg: false).Decode(f).Pixels).ToArray();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % files.Length;
            Assert.Equal(expected[k], decoder.Decode(files[k]).Pixels);
        });
    }

    [Fact]
    public void AHeaderTooLargeForAnArrayIsReported()
    {
        // 60000 x 60000 in the frame header of a small file: no decoder may try to allocate it.
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "s444_q95_61x37.jpg"));
        var sof = Enumerable.Range(0, bytes.Length - 1).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC0);
        bytes[sof + 5] = bytes[sof + 7] = 0xEA;
        bytes[sof + 6] = bytes[sof + 8] = 0x60;
        foreach (var turbo in new[] { true, false })
        {
            var e = Assert.Throws<InputException>(() => new ImageDecoder(turboJpeg: turbo).Decode(bytes, "huge.jpg"));
            Assert.Equal("huge.jpg: image too large to decode (60000 x 60000 pixels)", e.Message);
        }
    }

    [Fact]
    public void CorruptFilesFailOrSucceedAsWithSkiaSharpAlone()
    {
        // Random byte changes, bit flips and cuts: a file SkiaSharp rejects must be rejected with its message, and
        // one it decodes must decode. (Where both decode a corrupt file the bytes can differ: in a longer scratch
        // run, 1 of about 2,600 such files, where TurboJPEG's bytes were PIL's and SkiaSharp's were not.)
        var source = File.ReadAllBytes(Path.Combine(Folder, "s444_q95_61x37.jpg"));
        var turbo = new ImageDecoder();
        var skia = new ImageDecoder(turboJpeg: false);
        var rng = new Random(7);
        for (var trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])source.Clone();
            for (var k = rng.Next(1, 4); k > 0; k--)
            {
                switch (rng.Next(3))
                {
                    case 0:
                        bytes[rng.Next(2, bytes.Length)] = (byte)rng.Next(256);
                        break;
                    case 1:
                        bytes[rng.Next(2, bytes.Length)] ^= (byte)(1 << rng.Next(8));
                        break;
                    default:
                        bytes = bytes[..rng.Next(2, bytes.Length)];
                        break;
                }
            }
            Assert.Equal(Outcome(skia, bytes), Outcome(turbo, bytes));
        }
    }

    private static string Outcome(ImageDecoder decoder, byte[] bytes)
    {
        try
        {
            var image = decoder.Decode(bytes, "f.jpg");
            return $"{image.Width} x {image.Height}";
        }
        catch (InputException e)
        {
            return e.Message;
        }
    }
}
