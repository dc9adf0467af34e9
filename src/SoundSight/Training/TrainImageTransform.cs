using SoundSight.Imaging;
using SoundSight.Protocol;

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
public sealed class TrainImageTransform
{
    public TrainImageTransform(int size = OfficialProtocol.ImageSize)
    {
        Size = size;
        ResizeTo = (int)(size * 1.1);
    }

    public int Size { get; }

    /// <summary>The shorter side before cropping (246 at 224).</summary>
    public int ResizeTo { get; }

    /// <summary>Plain (original and neighbour) view: CHW floats, normalised.</summary>
    public float[] Plain(RgbImage image, SeededRandom rng)
    {
        var resized = ResizeShorter(image);
        var cropped = RandomCrop(resized, rng);
        if (rng.NextDouble() < 0.5)
        {
            cropped = Geometry.FlipHorizontal(cropped);
        }
        return Normalize(cropped);
    }

    /// <summary>Augmented view: CHW floats, normalised.</summary>
    public float[] Augmented(RgbImage image, SeededRandom rng)
    {
        var img = Geometry.RotateQuarterTurns(image, rng.Next(4));
        if (rng.Next(5) != 0)
        {
            img = ColorJitter.Apply(img, rng);
        }
        if (rng.Next(2) != 0)
        {
            img = GaussianBlur3.Apply(img, rng.Uniform(0.1, 2.0));
        }
        img = RandomCrop(ResizeShorter(img), rng);
        if (rng.NextDouble() < 0.5)
        {
            img = Geometry.FlipHorizontal(img);
        }
        if (rng.NextDouble() < 0.5)
        {
            img = Geometry.FlipVertical(img);
        }
        var maxDx = 0.2 * img.Width;
        var maxDy = 0.2 * img.Height;
        var tx = (int)Math.Round(rng.Uniform(-maxDx, maxDx));
        var ty = (int)Math.Round(rng.Uniform(-maxDy, maxDy));
        img = Geometry.Translate(img, tx, ty);
        if (rng.NextDouble() < 0.2)
        {
            img = ColorJitter.Grayscale(img);
        }
        return Normalize(img);
    }

    /// <summary>torchvision Resize(int) on a PIL image: shorter side to ResizeTo, longer int(ResizeTo * long / short).</summary>
    public RgbImage ResizeShorter(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var (newW, newH) = w <= h ? (ResizeTo, (int)((long)ResizeTo * h / w)) : ((int)((long)ResizeTo * w / h), ResizeTo);
        return PillowResize.Bicubic(image, newW, newH);
    }

    private RgbImage RandomCrop(RgbImage image, SeededRandom rng)
    {
        var top = rng.Next(image.Height - Size + 1);
        var left = rng.Next(image.Width - Size + 1);
        return Geometry.Crop(image, left, top, Size, Size);
    }

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
}
