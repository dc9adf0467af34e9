using System.Buffers;
using System.Collections.Concurrent;
using SoundSight.Imaging;
using SoundSight.Protocol;
using SoundSight.Runtime;

namespace SoundSight.Training;

/// <summary>
/// The authors' training image transforms (ssl_kccv datasets/dataloader_vggss.py), on 8-bit pictures as PIL does:
/// plain view = Resize(shorter side to int(1.1 size), Pillow bicubic, exact), RandomCrop(size), RandomHorizontalFlip,
/// ToTensor, Normalize; augmented view = rotation by k * 90 degrees (no expand), ColorJitter with the authors'
/// ranges (brightness, contrast, saturation factors in [0, 0.4], hue in [0, 0.1]) with probability 4/5, Gaussian
/// blur 3 x 3 with sigma in [0.1, 2] with probability 1/2, then Resize, RandomCrop, horizontal and vertical flips,
/// RandomAffine translate 20 %, RandomGrayscale(0.2), ToTensor, Normalize. Random draws come from the caller's
/// <see cref="SeededRandom"/>; the colour operations follow torchvision's definitions, rounded to 8 bits after each
/// step as PIL does.
/// </summary>
/// <remarks>
/// No draw depends on the pixels, so all of a view's draws are made first (in the authors' order) and the picture
/// work is then done only where the crop reads: the resize computes just the cropped window, the colour operations
/// and the blur just the source pixels that window reads, and flips, translation, grey and normalisation are one
/// pass into the caller's buffer. The bytes are those of the step-by-step composition (tested against it).
/// </remarks>
public sealed class TrainImageTransform
{
    private readonly ConcurrentDictionary<(int In, int Out), ResizeKernel> _kernels = new();
    private readonly float[] _normalized;

    public TrainImageTransform(int size = OfficialProtocol.ImageSize)
    {
        Size = size;
        ResizeTo = (int)(size * 1.1);
        // ToTensor then Normalize maps each byte of a channel to one float: a table gives the same bits.
        _normalized = new float[3 * 256];
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                _normalized[(c * 256) + v] = ((v / 255f) - OfficialProtocol.ImageNetMean[c]) / OfficialProtocol.ImageNetStd[c];
            }
        }
    }

    public int Size { get; }

    /// <summary>The shorter side before cropping (246 at 224).</summary>
    public int ResizeTo { get; }

    /// <summary>Floats in one view (3 x size x size).</summary>
    public int ViewLength => 3 * Size * Size;

    /// <summary>Plain (original and neighbour) view: CHW floats, normalised.</summary>
    public float[] Plain(RgbImage image, SeededRandom rng)
    {
        var view = new float[ViewLength];
        Plain(image, rng, view);
        return view;
    }

    /// <summary>The plain view written into destination (ViewLength floats).</summary>
    public void Plain(RgbImage image, SeededRandom rng, Span<float> destination)
    {
        var (newW, newH) = ResizedSize(image.Width, image.Height);
        var top = rng.Next(newH - Size + 1);
        var left = rng.Next(newW - Size + 1);
        var flip = rng.NextDouble() < 0.5;
        var crop = ArrayPool<byte>.Shared.Rent(Size * Size * 3);
        try
        {
            PillowResize.BicubicWindow(image, Kernel(image.Width, newW), Kernel(image.Height, newH), left, top, Size, Size, crop);
            Finish(crop, flip, false, 0, 0, false, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(crop);
        }
    }

    /// <summary>Augmented view: CHW floats, normalised.</summary>
    public float[] Augmented(RgbImage image, SeededRandom rng)
    {
        var view = new float[ViewLength];
        Augmented(image, rng, view);
        return view;
    }

    /// <summary>The augmented view written into destination (ViewLength floats).</summary>
    public void Augmented(RgbImage image, SeededRandom rng, Span<float> destination)
    {
        var quarterTurns = rng.Next(4);
        var jitter = rng.Next(5) != 0 ? ColorJitter.Draw(rng) : null;
        double? sigma = rng.Next(2) != 0 ? rng.Uniform(0.1, 2.0) : null;
        // The quarter turn keeps the picture's size (no expand), so the resize and the crop are known already.
        var (w, h) = (image.Width, image.Height);
        var (newW, newH) = ResizedSize(w, h);
        var top = rng.Next(newH - Size + 1);
        var left = rng.Next(newW - Size + 1);
        var flipH = rng.NextDouble() < 0.5;
        var flipV = rng.NextDouble() < 0.5;
        var maxShift = 0.2 * Size;
        var tx = (int)Math.Round(rng.Uniform(-maxShift, maxShift));
        var ty = (int)Math.Round(rng.Uniform(-maxShift, maxShift));
        var gray = rng.NextDouble() < 0.2;

        var horizontal = Kernel(w, newW);
        var vertical = Kernel(h, newH);
        var (x0, x1) = horizontal.InputRange(left, Size);
        var (y0, y1) = vertical.InputRange(top, Size);
        var read = new PixelRect(x0, y0, x1, y1);
        var length = w * h * 3;
        var turned = ArrayPool<byte>.Shared.Rent(length);
        var blurred = sigma is null ? null : ArrayPool<byte>.Shared.Rent(length);
        var crop = ArrayPool<byte>.Shared.Rent(Size * Size * 3);
        try
        {
            Geometry.RotateInto(image, quarterTurns, turned);
            if (jitter is not null)
            {
                ColorJitter.ApplyInPlace(turned, w, h, jitter, sigma is null ? read : read.Grow(1, w, h));
            }
            if (sigma is { } s)
            {
                GaussianBlur3.BlurInto(turned, w, h, read, s, blurred!);
            }
            // The resize reads only the rectangle computed above.
            PillowResize.BicubicWindow(blurred ?? turned, w, h, horizontal, vertical, left, top, Size, Size, crop);
            Finish(crop, flipH, flipV, tx, ty, gray, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(turned);
            if (blurred is not null)
            {
                ArrayPool<byte>.Shared.Return(blurred);
            }
            ArrayPool<byte>.Shared.Return(crop);
        }
    }

    /// <summary>torchvision Resize(int) on a PIL image: shorter side to ResizeTo, longer int(ResizeTo * long / short).</summary>
    public RgbImage ResizeShorter(RgbImage image)
    {
        var (newW, newH) = ResizedSize(image.Width, image.Height);
        return PillowResize.Bicubic(image, newW, newH);
    }

    /// <summary>The size torchvision Resize(ResizeTo) gives a width x height picture.</summary>
    public (int Width, int Height) ResizedSize(int width, int height) =>
        width <= height ? (ResizeTo, (int)((long)ResizeTo * height / width)) : ((int)((long)ResizeTo * width / height), ResizeTo);

    /// <summary>ToTensor (/ 255 in float32) and Normalize(ImageNet) in float32, CHW.</summary>
    public static float[] Normalize(RgbImage image)
    {
        var plane = image.Width * image.Height;
        var result = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            var mean = OfficialProtocol.ImageNetMean[c];
            var std = OfficialProtocol.ImageNetStd[c];
            for (var i = 0; i < plane; i++)
            {
                result[(c * plane) + i] = ((image.Pixels[(i * 3) + c] / 255f) - mean) / std;
            }
        }
        return result;
    }

    private ResizeKernel Kernel(int inSize, int outSize) => _kernels.GetOrAdd((inSize, outSize), k => new ResizeKernel(k.In, k.Out));

    /// <summary>
    /// The crop's last steps in one pass: horizontal flip, vertical flip, translation by (tx, ty) with black
    /// coming in, PIL grey replicated to RGB, then ToTensor and Normalize into CHW floats.
    /// </summary>
    private void Finish(byte[] crop, bool flipH, bool flipV, int tx, int ty, bool gray, Span<float> destination)
    {
        var n = Size;
        var plane = n * n;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"{destination.Length} floats for a {n} x {n} view");
        }
        var r = _normalized.AsSpan(0, 256);
        var g = _normalized.AsSpan(256, 256);
        var b = _normalized.AsSpan(512, 256);
        for (var y = 0; y < n; y++)
        {
            var sy = y - ty;
            var inside = sy >= 0 && sy < n;
            var row = inside ? (flipV ? n - 1 - sy : sy) * n : 0;
            for (var x = 0; x < n; x++)
            {
                var sx = x - tx;
                int pr = 0, pg = 0, pb = 0;
                if (inside && sx >= 0 && sx < n)
                {
                    var at = (row + (flipH ? n - 1 - sx : sx)) * 3;
                    (pr, pg, pb) = (crop[at], crop[at + 1], crop[at + 2]);
                    if (gray)
                    {
                        pr = pg = pb = ColorJitter.Gray(pr, pg, pb);
                    }
                }
                var o = (y * n) + x;
                destination[o] = r[pr];
                destination[plane + o] = g[pg];
                destination[(2 * plane) + o] = b[pb];
            }
        }
    }
}
