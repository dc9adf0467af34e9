using SoundSight.Maps;
using SoundSight.Protocol;
using static TorchSharp.torch;
using UpsampleMode = SoundSight.Maps.UpsampleMode;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// The object saliency of the official object-guided localization (OGL, SSLalignment test.py): an ImageNet
/// ResNet-18's last feature map (7 x 7 at 224 px, before pooling) reduced to the mean absolute activation over
/// channels (NormReducer), upsampled to 224 x 224 (bilinear, align_corners for IS3/Flickr/AVSBench/VPO, cv2's
/// half-pixel resize for VGG-SS) and normalised as the official pred_obj = 1 - normalize_img(-map).
/// <para>Two networks: the package's ImageNet ResNet-18, run by ONNX Runtime on its original graph (exact to the
/// published weights and their own input convention, no mean-image approximation, and all three blocks of its
/// last stage); or a torchvision resnet18 .pth the user supplies (TorchSharp; layer4 with stride 2, as
/// torchvision's), which is the authors' own network.</para>
/// </summary>
public sealed class ObjectSaliency : IDisposable
{
    private readonly ImageNetFeatureExtractor? _package;
    private readonly ResNet18Encoder? _torchvision;

    private ObjectSaliency(ImageNetFeatureExtractor? package, ResNet18Encoder? torchvision, string source)
    {
        _package = package;
        _torchvision = torchvision;
        Source = source;
    }

    /// <summary>Where the network came from, for reports.</summary>
    public string Source { get; }

    /// <summary>Side of the evaluation map (the official 224).</summary>
    public const int Size = OfficialProtocol.ImageSize;

    /// <summary>The package's ImageNet ResNet-18 (Microsoft.ML.DnnImageFeaturizer.ResNet18), via ONNX Runtime.</summary>
    public static ObjectSaliency FromPackage(int threads = 0)
    {
        var files = ImageNetModelFiles.Locate();
        return new ObjectSaliency(new ImageNetFeatureExtractor(files, threads), null, $"ImageNet ResNet-18 of {ImageNetModelFiles.PackageId} {ImageNetModelFiles.PackageVersion} (ONNX Runtime)");
    }

    /// <summary>A torchvision resnet18 state_dict (.pth / safetensors), as test.py's resnet18(pretrained=True).</summary>
    public static ObjectSaliency FromTorchvision(string path)
    {
        var encoder = new ResNet18Encoder(Modality.Vision, layer4Stride: 2);
        try
        {
            TorchvisionResNet18Weights.Load(encoder, path);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
        encoder.eval();
        return new ObjectSaliency(null, encoder, $"torchvision resnet18 {Path.GetFileName(path)}");
    }

    /// <summary>
    /// The native saliency (mean |activation| over channels) of one ImageNet-normalised RGB picture
    /// [3, 224, 224] as the image front end makes it: 7 x 7 values, row-major.
    /// </summary>
    public float[] NativeMap(ReadOnlySpan<float> normalizedPicture)
    {
        if (_package is not null)
        {
            var (values, shape) = _package.Run(normalizedPicture, ["layer4"])["layer4"];
            return ChannelMeanAbs(values, shape[0], shape[1] * shape[2]);
        }
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var features = _torchvision!.forward(tensor(normalizedPicture.ToArray(), [1, 3, Size, Size]));
        // Same reduction order as NormReducer: x.abs().mean(dim=1) in float32.
        return features.abs().mean([1]).data<float>().ToArray();
    }

    /// <summary>The 224 x 224 pred_obj of the official evaluation for one picture.</summary>
    public float[] Map(ReadOnlySpan<float> normalizedPicture, UpsampleMode mode)
    {
        var native = NativeMap(normalizedPicture);
        var side = (int)Math.Round(Math.Sqrt(native.Length));
        return FromNative(native, side, side, mode);
    }

    /// <summary>pred_obj from a native saliency map: upsample, then 1 - normalize_img(-map).</summary>
    public static float[] FromNative(ReadOnlySpan<float> native, int height, int width, UpsampleMode mode) =>
        MapNormalization.OfficialPrediction(MapUpsampler.Upsample(native, height, width, Size, Size, mode));

    /// <summary>mean over channels of |x| for a [C, N] feature map, in channel order (float32, as torch's mean).</summary>
    internal static float[] ChannelMeanAbs(float[] features, int channels, int positions)
    {
        using var t = tensor(features, [channels, positions]);
        using var mean = t.abs().mean([0]);
        return mean.data<float>().ToArray();
    }

    public void Dispose()
    {
        _package?.Dispose();
        _torchvision?.Dispose();
    }
}
