using SoundSight.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SoundSight.Models;

/// <summary>
/// The two-tower model of "Aligning Sight and Sound": imgnet and audnet ResNet-18 encoders (SSLalignment
/// model_lvs.AVENet) and the img_proj / aud_proj heads of the training model (ssl_kccv Alignment/model.py) for
/// the semantic score s_A. State-dict keys are the official ones (imgnet.*, audnet.*, img_proj.*, aud_proj.*).
/// </summary>
public sealed class SoundLocalizationModel : nn.Module, ICheckpointTarget
{
#pragma warning disable IDE1006 // Field names are state_dict keys and must match PyTorch's.
    private readonly ResNet18Encoder imgnet;
    private readonly ResNet18Encoder audnet;
    private readonly Linear img_proj;
    private readonly Linear aud_proj;
#pragma warning restore IDE1006

    /// <param name="init">How the encoders' convolution weights start (<see cref="ParameterInit.Loaded"/>: the caller
    /// loads them all, from a checkpoint or <see cref="DeterministicWeights"/>). The projection heads always start as
    /// PyTorch's, since a localization checkpoint may not have them.</param>
    public SoundLocalizationModel(ParameterInit init = ParameterInit.Random) : base(nameof(SoundLocalizationModel))
    {
        imgnet = new ResNet18Encoder(Modality.Vision, init: init);
        audnet = new ResNet18Encoder(Modality.Audio, init: init);
        img_proj = nn.Linear(ResNet18Encoder.Channels, ResNet18Encoder.Channels);
        aud_proj = nn.Linear(ResNet18Encoder.Channels, ResNet18Encoder.Channels);
        RegisterComponents();
    }

    /// <summary>Prefixes of the projection heads, which AVENet checkpoints (localization only) do not have.</summary>
    public static readonly string[] ProjectionPrefixes = ProjectionKeys.Prefixes;

    /// <summary>False when the loaded checkpoint had no projection heads: s_A is then unavailable.</summary>
    public bool HasProjections { get; set; } = true;

    /// <summary>The checkpoint report says whether the projection heads were in the file.</summary>
    void ICheckpointTarget.Loaded(CheckpointReport report) => HasProjections = report.HasProjections;

    public ResNet18Encoder VisionEncoder => imgnet;

    public ResNet18Encoder AudioEncoder => audnet;

    /// <summary>Both encoders compute in this precision ("fp32" or "bf16", <see cref="EncoderPrecision"/>).</summary>
    public void UsePrecision(string precision) => imgnet.ComputeType = audnet.ComputeType = EncoderPrecision.ComputeType(precision);

    /// <summary>Raw vision map [B, 512, h, w] (14 x 14 at 224 px).</summary>
    public Tensor VisionMap(Tensor images) => imgnet.forward(images);

    /// <summary>Global max pool of the raw audio map: [B, 512].</summary>
    public Tensor AudioVector(Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        var map = audnet.forward(spectrograms);
        return map.amax([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Cosine localization map [B, 1, h, w] between image i and sound i, as AVENet.forward's A: per-location dot
    /// product of the channel-normalised vision map and the normalised audio vector.
    /// </summary>
    public Tensor LocalizationMap(Tensor images, Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        var map = LocalizationMapFromFeatures(VisionMap(images), AudioVector(spectrograms));
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pairwise map [B, 1, h, w] from raw features (vision map i with audio vector i); centred: each vision map less
    /// its spatial mean first (<see cref="Localization.LocalizerOptions.CentredMaps"/>).
    /// </summary>
    public static Tensor LocalizationMapFromFeatures(Tensor visionMaps, Tensor audioVectors, bool centred = false)
    {
        using var scope = NewDisposeScope();
        var img = nn.functional.normalize(centred ? Centre(visionMaps) : visionMaps, p: 2, dim: 1, eps: 1e-12);
        var aud = nn.functional.normalize(audioVectors, p: 2, dim: 1, eps: 1e-12);
        var map = einsum("ncqa,nchw->nqa", img, aud.unsqueeze(2).unsqueeze(3)).unsqueeze(1);
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every image against every sound, the interactive case: [B_img, B_aud, h, w] from raw vision maps
    /// [B_img, 512, h, w] and raw audio vectors [B_aud, 512].
    /// </summary>
    public static Tensor AllLocalizationMaps(Tensor visionMaps, Tensor audioVectors, bool centred = false)
    {
        using var scope = NewDisposeScope();
        var img = nn.functional.normalize(centred ? Centre(visionMaps) : visionMaps, p: 2, dim: 1, eps: 1e-12);
        var aud = nn.functional.normalize(audioVectors, p: 2, dim: 1, eps: 1e-12);
        return einsum("ncqa,kc->nkqa", img, aud).MoveToOuterDisposeScope();
    }

    /// <summary>Raw vision maps [B, C, h, w] less each picture's mean feature over its h x w locations.</summary>
    public static Tensor Centre(Tensor visionMaps) => visionMaps - visionMaps.mean([2, 3], keepdim: true);

    /// <summary>Projected, normalised image embedding (the s_A space) from a raw vision map: [B, 512].</summary>
    public Tensor ImageEmbedding(Tensor visionMaps)
    {
        RequireProjections();
        using var scope = NewDisposeScope();
        var pooled = visionMaps.amax([2, 3]);
        return nn.functional.normalize(img_proj.forward(pooled), p: 2, dim: 1, eps: 1e-12).MoveToOuterDisposeScope();
    }

    /// <summary>Projected, normalised audio embedding (the s_A space) from a raw audio vector: [B, 512].</summary>
    public Tensor AudioEmbedding(Tensor audioVectors)
    {
        RequireProjections();
        using var scope = NewDisposeScope();
        return nn.functional.normalize(aud_proj.forward(audioVectors), p: 2, dim: 1, eps: 1e-12).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Raw-space image embedding for retrieval: the spatial mean of the channel-normalised vision map, not
    /// re-normalised (ssl_kccv train.py: f_i.flatten(-2, -1).mean(-1)): [B, 512].
    /// </summary>
    public static Tensor RawImageEmbedding(Tensor visionMaps)
    {
        using var scope = NewDisposeScope();
        return nn.functional.normalize(visionMaps, p: 2, dim: 1, eps: 1e-12).mean([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>Raw-space audio embedding for retrieval: the normalised max-pooled audio vector: [B, 512].</summary>
    public static Tensor RawAudioEmbedding(Tensor audioVectors) => nn.functional.normalize(audioVectors, p: 2, dim: 1, eps: 1e-12);

    /// <summary>s_A between every image and every sound: [B_img, B_aud] cosine similarities.</summary>
    public Tensor SemanticScores(Tensor visionMaps, Tensor audioVectors)
    {
        using var scope = NewDisposeScope();
        var i = ImageEmbedding(visionMaps);
        var a = AudioEmbedding(audioVectors);
        return matmul(i, a.t()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One image view for the losses (ssl_kccv AlignmentNet.forward, mode 'train'): the channel-normalised vision
    /// map and the normalised projection of its global max pool. Runs in whatever mode (train/eval) the model is in.
    /// </summary>
    public ViewFeatures ImageFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var raw = imgnet.forward(images);
        var localization = nn.functional.normalize(raw, p: 2, dim: 1, eps: 1e-12);
        var semantic = nn.functional.normalize(img_proj.forward(raw.amax([2, 3])), p: 2, dim: 1, eps: 1e-12);
        return new ViewFeatures(localization.MoveToOuterDisposeScope(), semantic.MoveToOuterDisposeScope());
    }

    /// <summary>One audio view for the losses: the normalised max-pooled vector and its normalised projection.</summary>
    public ViewFeatures AudioFeatures(Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        var vector = audnet.forward(spectrograms).amax([2, 3]);
        var localization = nn.functional.normalize(vector, p: 2, dim: 1, eps: 1e-12);
        var semantic = nn.functional.normalize(aud_proj.forward(vector), p: 2, dim: 1, eps: 1e-12);
        return new ViewFeatures(localization.MoveToOuterDisposeScope(), semantic.MoveToOuterDisposeScope());
    }

    private void RequireProjections()
    {
        if (!HasProjections)
        {
            throw new InvalidOperationException("this checkpoint has no projection heads (img_proj/aud_proj): the semantic score s_A is unavailable");
        }
    }
}
