using SoundSight.Localization;
using SoundSight.Methods.EzVsl;
using SoundSight.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Methods.Slavc;

/// <summary>
/// SLAVC's network (Mo and Tian, NeurIPS 2022; SSLalignment model.SLAVC(0.03, 512, 0, 0, 0.9, 0.9, False)): EZ-VSL's
/// towers with two projection heads per modality, each L2-normalised; Savl = (Savl1 + Savl2) / 2 with
/// Savl_k = einsum('nchw,nc->nhw', img_k, aud_k) / tau. The momentum copies (momentum_*) are part of the checkpoint
/// and of a strict load; with use_mom_eval the maps come from them.
/// </summary>
public sealed class SlavcNetwork : nn.Module, ITowerNetwork
{
#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly TorchvisionResNet18 imgnet;
    private readonly Conv2d img_proj1;
    private readonly Conv2d img_proj2;
    private readonly TorchvisionResNet18 audnet;
    private readonly Linear aud_proj1;
    private readonly Linear aud_proj2;
    private readonly TorchvisionResNet18 momentum_imgnet;
    private readonly Conv2d momentum_img_proj1;
    private readonly Conv2d momentum_img_proj2;
    private readonly TorchvisionResNet18 momentum_audnet;
    private readonly Linear momentum_aud_proj1;
    private readonly Linear momentum_aud_proj2;
#pragma warning restore IDE1006

    /// <param name="init">How the four encoders' convolution weights start (<see cref="ParameterInit.Loaded"/>: the caller
    /// loads them all; a SLAVC checkpoint has every key, the momentum encoders' included); the heads always start as PyTorch's.</param>
    public SlavcNetwork(bool useMomentumEncoders = false, int dim = 512, ParameterInit init = ParameterInit.Random) : base(nameof(SlavcNetwork))
    {
        UseMomentumEncoders = useMomentumEncoders;
        imgnet = new TorchvisionResNet18(3, init);
        img_proj1 = nn.Conv2d(512, dim, 1);
        img_proj2 = nn.Conv2d(512, dim, 1);
        audnet = new TorchvisionResNet18(1, init);
        aud_proj1 = nn.Linear(512, dim);
        aud_proj2 = nn.Linear(512, dim);
        momentum_imgnet = new TorchvisionResNet18(3, init);
        momentum_img_proj1 = nn.Conv2d(512, dim, 1);
        momentum_img_proj2 = nn.Conv2d(512, dim, 1);
        momentum_audnet = new TorchvisionResNet18(1, init);
        momentum_aud_proj1 = nn.Linear(512, dim);
        momentum_aud_proj2 = nn.Linear(512, dim);
        RegisterComponents();
    }

    /// <summary>
    /// use_mom_eval: maps from the momentum encoders and heads. Fixed at construction: a localizer takes the towers
    /// when it is built and the heads on every call, so a flag flipped in between would pair one set's towers with
    /// the other's heads.
    /// </summary>
    public bool UseMomentumEncoders { get; }

    /// <summary>The towers the maps come from (the momentum copies with use_mom_eval).</summary>
    public TowerPair Towers => UseMomentumEncoders ? TorchvisionResNet18.Pair(momentum_imgnet, momentum_audnet) : TorchvisionResNet18.Pair(imgnet, audnet);

    /// <summary>Both heads' normalised vision maps, concatenated over channels: [B, 2 dim, 7, 7].</summary>
    public Tensor EncodeImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        return VisionFeatures((UseMomentumEncoders ? momentum_imgnet : imgnet).forward(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Both heads' normalised audio vectors, concatenated: [B, 2 dim].</summary>
    public Tensor EncodeSounds(Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        return SoundFeatures(TorchvisionResNet18.MaxPooled(UseMomentumEncoders ? momentum_audnet : audnet, spectrograms)).MoveToOuterDisposeScope();
    }

    public Tensor VisionFeatures(Tensor visionMap) =>
        UseMomentumEncoders ? BothHeads(momentum_img_proj1.forward, momentum_img_proj2.forward, visionMap) : BothHeads(img_proj1.forward, img_proj2.forward, visionMap);

    public Tensor SoundFeatures(Tensor audioVector) =>
        UseMomentumEncoders ? BothHeads(momentum_aud_proj1.forward, momentum_aud_proj2.forward, audioVector) : BothHeads(aud_proj1.forward, aud_proj2.forward, audioVector);

    /// <summary>Each head's output L2-normalised over channels, the two concatenated over channels.</summary>
    private static Tensor BothHeads(Func<Tensor, Tensor> head1, Func<Tensor, Tensor> head2, Tensor x)
    {
        using var scope = NewDisposeScope();
        var first = nn.functional.normalize(head1(x), p: 2, dim: 1, eps: 1e-12);
        var second = nn.functional.normalize(head2(x), p: 2, dim: 1, eps: 1e-12);
        return cat([first, second], 1).MoveToOuterDisposeScope();
    }

    public Tensor PairMaps(Tensor vision, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var (img1, img2) = Halves(vision);
        var (aud1, aud2) = Halves(audio);
        var savl1 = einsum("nchw,nc->nhw", img1, aud1) / EzVslNetwork.Tau;
        var savl2 = einsum("nchw,nc->nhw", img2, aud2) / EzVslNetwork.Tau;
        return ((savl1 + savl2) / 2).MoveToOuterDisposeScope();
    }

    public Tensor AllMaps(Tensor vision, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var (img1, img2) = Halves(vision);
        var (aud1, aud2) = Halves(audio);
        var savl1 = einsum("nchw,mc->nmhw", img1, aud1) / EzVslNetwork.Tau;
        var savl2 = einsum("nchw,mc->nmhw", img2, aud2) / EzVslNetwork.Tau;
        return ((savl1 + savl2) / 2).MoveToOuterDisposeScope();
    }

    private static (Tensor First, Tensor Second) Halves(Tensor features)
    {
        var half = features.shape[1] / 2;
        return (features.narrow(1, 0, half).contiguous(), features.narrow(1, half, half).contiguous());
    }
}
