using TorchSharp;
using SoundSight.Models;
using SoundSight.Protocol;
using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// The losses of the paper and of the EZ-VSL baseline over a batch whose i-th image and i-th sound belong
/// together. Alignment follows ssl_kccv Alignment/train.py and model.py: for each (image view, audio view) pair,
/// s_L(i, j) = sum(M * S) / sum(M) with S the cosine map and M = sigmoid((S - 0.65) / 0.03), and
/// s_A(i, j) = cosine of the projections; logits s / 0.07; InfoNCE with the diagonal as positive, softmax over the
/// batch's sounds for each image; all terms summed unweighted (18 with three views of each).
/// </summary>
public sealed class ContrastiveObjective
{
    public ContrastiveObjective(ObjectiveOptions? options = null)
    {
        Options = options ?? new ObjectiveOptions();
    }

    public ObjectiveOptions Options { get; }

    /// <summary>Image-to-sound logits of s_L: [B_img, B_aud].</summary>
    public Tensor LocalizationLogits(Tensor visionMaps, Tensor audioVectors)
    {
        using var scope = NewDisposeScope();
        // Explicit scalars held over the calls (here and below): an implicit double->Scalar is left to TorchSharp's
        // finalizer, which can free it while libtorch reads it. Same operations, same order as the operators.
        using var epsilon = Options.Epsilon.ToScalar();
        using var maskTemperature = Options.MaskTemperature.ToScalar();
        using var logitTemperature = Options.LogitTemperature.ToScalar();
        var maps = einsum("nchw,kc->nkhw", visionMaps, audioVectors).flatten(2);
        var mask = sigmoid(maps.sub(epsilon).div(maskTemperature));
        var similarity = (mask * maps).sum(-1) / mask.sum(-1);
        return similarity.div(logitTemperature).MoveToOuterDisposeScope();
    }

    /// <summary>Image-to-sound logits of s_A: [B_img, B_aud].</summary>
    public Tensor SemanticLogits(Tensor imageEmbeddings, Tensor audioEmbeddings)
    {
        using var scope = NewDisposeScope();
        using var logitTemperature = Options.LogitTemperature.ToScalar();
        return matmul(imageEmbeddings, audioEmbeddings.t()).div(logitTemperature).MoveToOuterDisposeScope();
    }

    /// <summary>EZ-VSL logits: the maximum of the cosine map, over temperature 0.03.</summary>
    public Tensor MaxPooledLogits(Tensor visionMaps, Tensor audioVectors)
    {
        using var scope = NewDisposeScope();
        using var temperature = Options.EzVslTemperature.ToScalar();
        var maps = einsum("nchw,kc->nkhw", visionMaps, audioVectors).flatten(2);
        return maps.amax([-1]).div(temperature).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The alignment loss. Views are listed in the order original, augmented, neighbour; a null view is left out
    /// (the paper's ablations). Returns the summed loss and the number of terms in it.
    /// </summary>
    public (Tensor Loss, int Terms) Alignment(IReadOnlyList<ViewFeatures?> imageViews, IReadOnlyList<ViewFeatures?> audioViews)
    {
        using var scope = NewDisposeScope();
        var terms = AlignmentTerms(imageViews, audioViews);
        // Summed in the authors' order (loss = loss + term), so the float32 total is theirs too.
        var total = terms[0];
        for (var i = 1; i < terms.Count; i++)
        {
            total = total + terms[i];
        }
        return (total.MoveToOuterDisposeScope(), terms.Count);
    }

    /// <summary>
    /// Each term of the alignment loss, in the authors' order: s_L for every (image view, audio view) pair, then
    /// s_A for every pair, then the intra-modal terms that are switched on.
    /// </summary>
    public IReadOnlyList<Tensor> AlignmentTerms(IReadOnlyList<ViewFeatures?> imageViews, IReadOnlyList<ViewFeatures?> audioViews)
    {
        var terms = new List<Tensor>();
        void Add(Tensor logits)
        {
            var term = InfoNce(logits);
            if (Options.Symmetric)
            {
                term = term + InfoNce(logits.t());
            }
            terms.Add(term);
        }
        if (Options.LocalizationTerms)
        {
            foreach (var image in imageViews)
            {
                foreach (var audio in audioViews)
                {
                    if (image is not null && audio is not null)
                    {
                        Add(LocalizationLogits(image.Localization, audio.Localization));
                    }
                }
            }
        }
        if (Options.SemanticTerms)
        {
            foreach (var image in imageViews)
            {
                foreach (var audio in audioViews)
                {
                    if (image is not null && audio is not null)
                    {
                        Add(SemanticLogits(image.Semantic, audio.Semantic));
                    }
                }
            }
        }
        // The authors' intra-modal flags: the original against the neighbour (intra) and the augmented view (aug_intra).
        if (Options.IntraNeighbour)
        {
            AddIntra(imageViews, audioViews, 2, Add);
        }
        if (Options.IntraAugmented)
        {
            AddIntra(imageViews, audioViews, 1, Add);
        }
        if (terms.Count == 0)
        {
            throw new ArgumentException("no loss term: every view pair is missing");
        }
        return terms;
    }

    /// <summary>EZ-VSL: symmetric InfoNCE on max-pooled cosine maps of the original views.</summary>
    public Tensor EzVsl(ViewFeatures image, ViewFeatures audio)
    {
        using var scope = NewDisposeScope();
        var logits = MaxPooledLogits(image.Localization, audio.Localization);
        return (InfoNce(logits) + InfoNce(logits.t())).MoveToOuterDisposeScope();
    }

    /// <summary>-log softmax(logits)[i, i], averaged: InfoNCE with the diagonal as positive.</summary>
    public static Tensor InfoNce(Tensor logits)
    {
        using var targets = arange(logits.shape[0], dtype: ScalarType.Int64, device: logits.device);
        return nn.functional.cross_entropy(logits, targets);
    }

    private void AddIntra(IReadOnlyList<ViewFeatures?> imageViews, IReadOnlyList<ViewFeatures?> audioViews, int other, Action<Tensor> add)
    {
        if (imageViews.Count > other && imageViews[0] is { } i0 && imageViews[other] is { } io)
        {
            add(SemanticLogits(i0.Semantic, io.Semantic));
        }
        if (audioViews.Count > other && audioViews[0] is { } a0 && audioViews[other] is { } ao)
        {
            add(SemanticLogits(a0.Semantic, ao.Semantic));
        }
    }
}

/// <summary>Settings of <see cref="ContrastiveObjective"/>; the defaults are the authors'.</summary>
public sealed record ObjectiveOptions
{
    public double Epsilon { get; init; } = OfficialProtocol.Epsilon;

    public double MaskTemperature { get; init; } = OfficialProtocol.MaskTemperature;

    public double LogitTemperature { get; init; } = OfficialProtocol.LogitTemperature;

    public double EzVslTemperature { get; init; } = 0.03;

    /// <summary>Include the s_A terms (the authors' `feature` flag, on).</summary>
    public bool SemanticTerms { get; init; } = true;

    /// <summary>Include the s_L terms (always on in the authors' code; off: the s_A-only ablation).</summary>
    public bool LocalizationTerms { get; init; } = true;

    /// <summary>Add audio-to-image InfoNCE to every term (off in the authors' code).</summary>
    public bool Symmetric { get; init; }

    /// <summary>The authors' `intra` flag (off): original vs neighbour within each modality, on projections.</summary>
    public bool IntraNeighbour { get; init; }

    /// <summary>The authors' `aug_intra` flag (off): original vs augmented within each modality, on projections.</summary>
    public bool IntraAugmented { get; init; }
}
