using SoundSight.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Imaging;

/// <summary>
/// Picture to the vision encoder's input, exactly as the official test transform (datasets_lvs.py):
/// ToTensor (uint8 to float32, / 255), Resize((size, size), BICUBIC) on the tensor (interpolate, align_corners
/// false, no antialias, no clamp), CenterCrop (a no-op at that size), Normalize(ImageNet mean, std) in float32.
/// The aspect ratio is not kept, as in the official code.
/// </summary>
public sealed class ImageFrontEnd
{
    public ImageFrontEnd(int size = OfficialProtocol.ImageSize)
    {
        if (size < 32)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "image size must be at least 32");
        }
        Size = size;
    }

    public int Size { get; }

    /// <summary>One picture as a [3, Size, Size] tensor (caller disposes).</summary>
    public Tensor ToTensor(RgbImage image)
    {
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Pixels, [image.Height, image.Width, 3], ScalarType.Byte);
        // An explicit scalar held over the call: an implicit float->Scalar is left to TorchSharp's finalizer, which
        // can free it while libtorch reads it (a rare "Expected false to be true" from Scalar::toFloat).
        using var byteRange = 255f.ToScalar();
        var chw = hwc.permute(2, 0, 1).contiguous().to_type(ScalarType.Float32).div_(byteRange).unsqueeze(0);
        var resized = chw.shape[2] == Size && chw.shape[3] == Size
            ? chw
            : nn.functional.interpolate(chw, size: [Size, Size], mode: InterpolationMode.Bicubic, align_corners: false);
        using var mean = tensor(OfficialProtocol.ImageNetMean, [3, 1, 1]);
        using var std = tensor(OfficialProtocol.ImageNetStd, [3, 1, 1]);
        var normalized = resized.squeeze(0).sub(mean).div_(std);
        return normalized.MoveToOuterDisposeScope();
    }

    /// <summary>Several pictures as a [B, 3, Size, Size] tensor (caller disposes).</summary>
    public Tensor ToBatch(IReadOnlyList<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        var items = images.Select(ToTensor).ToArray();
        return stack(items).MoveToOuterDisposeScope();
    }

    /// <summary>One picture as CHW floats (for tests and non-torch consumers).</summary>
    public float[] ToArray(RgbImage image)
    {
        using var t = ToTensor(image);
        return t.data<float>().ToArray();
    }
}
