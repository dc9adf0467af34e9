namespace SoundSight.Localization;

/// <summary>Where one sound comes from in one picture.</summary>
public sealed record PairLocalization
{
    public required string ImageSource { get; init; }

    public required string AudioSource { get; init; }

    /// <summary>Native-resolution cosine map (14 x 14 at 224 px), row-major.</summary>
    public required float[] RawMap { get; init; }

    public required int RawHeight { get; init; }

    public required int RawWidth { get; init; }

    /// <summary>The map evaluation thresholds: upsampled, then 1 - normalize(-map) as the official code; row-major.</summary>
    public required float[] EvaluationMap { get; init; }

    public required int EvaluationSize { get; init; }

    /// <summary>Peak of the evaluation map, in pixels of the original picture.</summary>
    public required double PeakX { get; init; }

    public required double PeakY { get; init; }

    /// <summary>Largest cosine similarity in the raw map.</summary>
    public required double PeakSimilarity { get; init; }

    /// <summary>Mean cosine similarity over the raw map.</summary>
    public required double MeanSimilarity { get; init; }

    /// <summary>The sound was all zeros: the map is still computed, but says nothing about a source.</summary>
    public required bool SilentAudio { get; init; }

    /// <summary>s_A between picture and sound, when the checkpoint has projection heads.</summary>
    public double? SemanticScore { get; init; }
}
