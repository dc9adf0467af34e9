using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation;

/// <summary>
/// Scores entries of one benchmark: builds each ground truth (boxes, or a mask found under the data root), scores
/// the map at the median and adaptive thresholds, and the OGL-fused map when a saliency map is given.
/// Thread-safe: callers score entries in parallel with one <see cref="SampleScorer"/> per thread.
/// </summary>
public sealed class LocalizationEvaluator
{
    private readonly BenchmarkPreset _preset;
    private readonly DataRoot? _root;

    public LocalizationEvaluator(BenchmarkPreset preset, DataRoot? root = null)
    {
        _preset = preset;
        _root = root;
    }

    public GroundTruthMap GroundTruth(BenchmarkEntry entry)
    {
        var size = BenchmarkPresets.MapSize;
        if (entry.MaskCandidates is null)
        {
            return GroundTruthMap.FromBoxes(entry.Boxes, _preset.Rule, size);
        }
        if (_root is null)
        {
            throw new InputException(entry.Name, $"segmentation ground truth is a mask image: give {Setting.Mention(Setting.DataRoot)} so it can be found");
        }
        var path = _root.Find(entry.MaskCandidates)
            ?? throw new InputException(entry.Name, $"mask {entry.MaskCandidates[^1]} not found under {_root.Root}");
        return MaskFile(path, entry.Name);
    }

    /// <summary>
    /// A mask image read as the authors' loader reads it (<see cref="BilevelMask"/>: Pillow's convert('1'), luma then
    /// Floyd-Steinberg at the mask's own size). Masks of another size than 224 are then nearest-resized: the official
    /// code has no rule for them (its masks are at the evaluation size), so this step is ours.
    /// </summary>
    public static GroundTruthMap MaskFile(string path, string entry)
    {
        var image = new ImageDecoder().Decode(path);
        var grey = new byte[image.Width * image.Height];
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = (byte)BilevelMask.Luma(image.Pixels[i * 3], image.Pixels[(i * 3) + 1], image.Pixels[(i * 3) + 2]);
        }
        var bilevel = BilevelMask.Dither(grey, image.Width, image.Height);
        var size = BenchmarkPresets.MapSize;
        var values = new double[size * size];
        for (var y = 0; y < size; y++)
        {
            var sy = Math.Min(image.Height - 1, y * image.Height / size);
            for (var x = 0; x < size; x++)
            {
                var sx = Math.Min(image.Width - 1, x * image.Width / size);
                values[(y * size) + x] = bilevel[(sy * image.Width) + sx];
            }
        }
        return GroundTruthMap.FromMask(values, size, entry);
    }

    /// <param name="saliency">Object saliency at the evaluation size, for OGL; null when fusion is off.</param>
    /// <param name="saliencyRule">How the method's validator normalises the saliency before fusing it.</param>
    public SampleResult Score(BenchmarkEntry entry, PredictionMap prediction, (double[] Values, bool Single)? saliency, SampleScorer scorer,
        MapNormalizationRule saliencyRule = MapNormalizationRule.OneMinusNormalizedNegative)
    {
        var gt = GroundTruth(entry);
        if (prediction.Length != gt.Size * gt.Size)
        {
            throw new InputException(entry.Name, $"map has {prediction.Length} values, expected {gt.Size * gt.Size}");
        }
        var score = scorer.Score(prediction, gt);
        SampleScore? ogl = null;
        if (saliency is { } s)
        {
            var fused = ObjectGuidedFusion.Fuse(prediction, s.Values, s.Single, saliencyRule);
            ogl = scorer.Score(fused.Values, gt);
        }
        // A mask benchmark also gets the segmentation metrics of the authors' earlier evaluator.
        var segmentation = entry.MaskCandidates is null ? null : SegmentationScore.Compute(prediction, gt);
        return new SampleResult { Index = entry.Index, Name = entry.Name, Group = entry.Group, Class = entry.Class, Score = score, Ogl = ogl, Segmentation = segmentation };
    }
}
