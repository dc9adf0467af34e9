using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>How several boxes make one ground-truth map (datasets_lvs.bbox2gtmap).</summary>
public enum GroundTruthRule
{
    /// <summary>Every pixel inside any box is 1 (VGG-SS, IS3, AVSBench, VPO).</summary>
    Union,

    /// <summary>Flickr-SoundNet annotator consensus: sum of the boxes / 2, clipped to 1 (values 0, 0.5, 1).</summary>
    AnnotatorConsensus,
}
