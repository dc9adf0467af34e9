using SoundSight.Protocol;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>The object-guided (OGL) metrics: the map fused with object saliency at <see cref="Alpha"/>, scored as the plain one.</summary>
public sealed record OglMetrics(double Alpha, double CIoU, double Auc, double CIoUAdaptive, double AucAdaptive, double MeanIou)
{
    public static OglMetrics Of(LocalizationMetrics ogl) =>
        new(OfficialProtocol.OglAlpha, ogl.CIoU, ogl.Auc, ogl.CIoUAdaptive, ogl.AucAdaptive, ogl.MeanIou);
}
