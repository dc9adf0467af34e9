using SoundSight.Audio;
using SoundSight.Imaging;

namespace SoundSight.Localization;

/// <summary>
/// Pictures and sounds in, one map per pair out, by whatever method made the localizer (the authors' AVENet
/// through <see cref="Localizer"/>, a competing method through its own network). Evaluation, compare and the
/// localize command see only this.
/// </summary>
public interface IPairLocalizer : IDisposable
{
    LocalizerOptions Options { get; }

    /// <summary>One picture, one map per sound (the interactive case).</summary>
    IReadOnlyList<PairLocalization> Localize(RgbImage image, IReadOnlyList<AudioClip> sounds);

    /// <summary>Pairs (picture i with sound i), batched.</summary>
    IReadOnlyList<PairLocalization> LocalizePairs(IReadOnlyList<(RgbImage Image, AudioClip Sound)> pairs);

    /// <summary>
    /// The evaluation map this localizer's results hold for a raw map of theirs (<see cref="PairLocalization.RawMap"/>
    /// [height, width]): upsampled and normalised by its method's rules. Lets a caller keep raw maps only.
    /// </summary>
    float[] EvaluationMapOf(float[] raw, int height, int width);

    /// <summary>The backend that runs a batch of <paramref name="batch"/> items, and why (measured, cached, forced or the device's).</summary>
    BackendChoice ChoiceFor(int batch);
}
