using System.Buffers;
using System.Runtime.Intrinsics;
using SkiaSharp;
using SoundSight.IO;

namespace SoundSight.Imaging;

/// <summary>
/// Decodes JPEG, PNG, WebP, BMP and GIF (first frame) to RGB with SkiaSharp, whose JPEG and PNG decoding is
/// byte-identical to PIL's here; colour JPEGs go through libjpeg-turbo's SIMD build when it is installed
/// (<see cref="TurboJpeg"/>: the same bytes, tested against PIL and against SkiaSharp). Like PIL's convert('RGB')
/// in the official loader, alpha is dropped (the colour underneath is kept, not composited over white) and
/// grayscale is replicated to three channels.
/// CMYK JPEGs are converted by libjpeg-turbo's rule, which differs slightly from PIL's (see docs/protocol.md).
/// </summary>
public sealed class ImageDecoder
{
    private readonly TurboJpeg? _turbo;

    /// <param name="applyExifOrientation">
    /// False (default, faithful): ignore the EXIF orientation tag, as PIL's Image.open in the official code does.
    /// True: rotate/flip the picture upright first (a named deviation).
    /// </param>
    /// <param name="turboJpeg">
    /// True (default): colour JPEGs go through libjpeg-turbo's SIMD decoder when it is installed (<see cref="TurboJpeg"/>;
    /// the same bytes, about three times faster); false: SkiaSharp decodes everything.
    /// </param>
    public ImageDecoder(bool applyExifOrientation = false, bool turboJpeg = true)
    {
        ApplyExifOrientation = applyExifOrientation;
        _turbo = turboJpeg ? TurboJpeg.TryLoad() : null;
    }

    /// <summary>Whether colour JPEGs are decoded by libjpeg-turbo's SIMD decoder (installed and not switched off).</summary>
    public bool UsesTurboJpeg => _turbo is not null;

    public bool ApplyExifOrientation { get; }

    public RgbImage Decode(string path) => Decode(path, null);

    /// <summary>
    /// Decodes a file, the pixels written into an array from <paramref name="pixels"/> when given (valid until its
    /// next use: see <see cref="ReusableArrays{T}"/>), so a training worker decodes without allocating.
    /// </summary>
    public RgbImage Decode(string path, ReusableArrays<byte>? pixels)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        byte[]? bytes = null;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var length = file.Length;
            if (length > Array.MaxLength)
            {
                throw new InputException(path, $"too large for an image ({length} bytes)");
            }
            bytes = ArrayPool<byte>.Shared.Rent((int)length);
            file.ReadExactly(bytes, 0, (int)length);
            return Decode(bytes.AsSpan(0, (int)length), path, pixels);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read image ({e.Message})");
        }
        finally
        {
            if (bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    public RgbImage Decode(byte[] bytes, string name) => Decode(bytes, name, null);

    private RgbImage Decode(ReadOnlySpan<byte> bytes, string name, ReusableArrays<byte>? pixels)
    {
        if (bytes.Length == 0)
        {
            throw new InputException(name, "empty file, not an image");
        }
        if (_turbo is not null && bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8
            && _turbo.TryDecode(bytes, pixels, out var width, out var height, out var rgbPixels))
        {
            var decoded = new RgbImage(width, height, rgbPixels, name);
            return ApplyExifOrientation ? Orientation.Apply(decoded, EncodedOrigin(bytes)) : decoded;
        }
        // Skia keeps its own copy of the encoded bytes (native memory), so the caller's buffer can be a rented one.
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new InputException(name, HasImageSignature(bytes) && IsIncomplete(data)
                ? "truncated image (the header is incomplete)"
                : "not an image in a supported format (JPEG, PNG, WebP, BMP, GIF)");
        }
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new InputException(name, "image has zero size");
        }
        if ((long)info.Width * info.Height * 4 > Array.MaxLength)
        {
            throw new InputException(name, $"image too large to decode ({info.Width} x {info.Height} pixels)");
        }
        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // Decoded into a rented buffer (no bitmap object per picture), then packed to RGB.
        var rgba = ArrayPool<byte>.Shared.Rent(target.BytesSize);
        try
        {
            SKCodecResult result;
            unsafe
            {
                fixed (byte* p = rgba)
                {
                    result = codec.GetPixels(target, (IntPtr)p);
                }
            }
            switch (result)
            {
                case SKCodecResult.Success:
                    break;
                case SKCodecResult.IncompleteInput:
                case SKCodecResult.ErrorInInput:
                    throw new InputException(name, "corrupt or truncated image data");
                default:
                    throw new InputException(name, $"cannot decode image ({result})");
            }
            var rgb = pixels?.Get(info.Width * info.Height * 3) ?? new byte[info.Width * info.Height * 3];
            ToRgb(rgba.AsSpan(0, target.BytesSize), info.Width, info.Height, rgb);
            var image = new RgbImage(info.Width, info.Height, rgb, name);
            return ApplyExifOrientation ? Orientation.Apply(image, codec.EncodedOrigin) : image;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    // Reading the header only: the EXIF tag without decoding the pixels.
    private static SKEncodedOrigin EncodedOrigin(ReadOnlySpan<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec?.EncodedOrigin ?? SKEncodedOrigin.TopLeft;
    }

    // SKCodec.Create(SKData) does not report why it failed; a stream-based attempt on the same bytes does.
    private static bool IsIncomplete(SKData data)
    {
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var result);
        return codec is null && result == SKCodecResult.IncompleteInput;
    }

    private static bool HasImageSignature(ReadOnlySpan<byte> b) =>
        (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xD8)
        || (b.Length >= 4 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G')
        || (b.Length >= 4 && b[0] == (byte)'G' && b[1] == (byte)'I' && b[2] == (byte)'F' && b[3] == (byte)'8')
        || (b.Length >= 2 && b[0] == (byte)'B' && b[1] == (byte)'M')
        || (b.Length >= 12 && b[0] == (byte)'R' && b[1] == (byte)'I' && b[8] == (byte)'W' && b[9] == (byte)'E');

    /// <summary>Drops the alpha bytes: four pixels per shuffle, the stores overlapping by the four spare bytes.</summary>
    internal static byte[] ToRgb(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        ToRgb(rgba, width, height, rgb);
        return rgb;
    }

    private static void ToRgb(ReadOnlySpan<byte> rgba, int width, int height, Span<byte> rgb)
    {
        var pixels = width * height;
        var p = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var pack = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);
            // The last full store writes 16 bytes at 3p, so it needs 3p + 16 <= rgb.Length.
            for (; p + 4 <= pixels && (3 * p) + 16 <= rgb.Length; p += 4)
            {
                Vector128.Shuffle(Vector128.Create(rgba.Slice(4 * p, 16)), pack).CopyTo(rgb[(3 * p)..]);
            }
        }
        for (; p < pixels; p++)
        {
            rgb[3 * p] = rgba[4 * p];
            rgb[(3 * p) + 1] = rgba[(4 * p) + 1];
            rgb[(3 * p) + 2] = rgba[(4 * p) + 2];
        }
    }
}
