using SoundSight.Localization;
using SoundSight.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Methods.EzVsl;

/// <summary>
/// EZ-VSL's network (Mo and Morgado, ECCV 2022; SSLalignment model.EZVSL), also MarginNCE's and FNAC's: torchvision
/// ResNet-18 towers, a 1x1-conv image projection and a linear audio projection, each output L2-normalised over
/// channels; Savl = einsum('nchw,mc->nmhw', img, aud) / tau taken at (i, i). Keys are the official ones (imgnet.*,
/// img_proj.*, audnet.*, aud_proj.*). FNAC's dropout layers are the identity at evaluation and hold no weights.
/// </summary>
public sealed class EzVslNetwork : nn.Module, ITowerNetwork
{
    /// <summary>The temperature test.py builds every EZ-VSL-family model with.</summary>
    public const double Tau = 0.03;

#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly TorchvisionResNet18 imgnet;
    private readonly Conv2d img_proj;
    private readonly TorchvisionResNet18 audnet;
    private readonly Linear aud_proj;
#pragma warning restore IDE1006

    /// <param name="init">How the encoders' convolution weights start (<see cref="ParameterInit.Loaded"/>: the caller
    /// loads them all); the projections always start as PyTorch's.</param>
    public EzVslNetwork(int dim = 512, ParameterInit init = ParameterInit.Random) : base(nameof(EzVslNetwork))
    {
        imgnet = new TorchvisionResNet18(3, init);
        img_proj = nn.Conv2d(512, dim, 1);
        audnet = new TorchvisionResNet18(1, init);
        aud_proj = nn.Linear(512, dim);
        RegisterComponents();
    }

    public TowerPair Towers => TorchvisionResNet18.Pair(imgnet, audnet);

    public Tensor EncodeImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        return VisionFeatures(imgnet.forward(images)).MoveToOuterDisposeScope();
    }

    public Tensor EncodeSounds(Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        return SoundFeatures(TorchvisionResNet18.MaxPooled(audnet, spectrograms)).MoveToOuterDisposeScope();
    }

    public Tensor VisionFeatures(Tensor visionMap) => nn.functional.normalize(img_proj.forward(visionMap), p: 2, dim: 1, eps: 1e-12);

    public Tensor SoundFeatures(Tensor audioVector) => nn.functional.normalize(aud_proj.forward(audioVector), p: 2, dim: 1, eps: 1e-12);

    public Tensor PairMaps(Tensor vision, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var all = AllMaps(vision, audio);
        var index = arange(vision.shape[0], dtype: ScalarType.Int64, device: vision.device);
        return all.index([TensorIndex.Tensor(index), TensorIndex.Tensor(index)]).MoveToOuterDisposeScope();
    }

    public Tensor AllMaps(Tensor vision, Tensor audio)
    {
        using var scope = NewDisposeScope();
        return (einsum("nchw,mc->nmhw", vision, audio) / Tau).MoveToOuterDisposeScope();
    }
}
