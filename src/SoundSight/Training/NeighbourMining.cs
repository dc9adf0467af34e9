namespace SoundSight.Training;

/// <summary>
/// How the neighbour lists are drawn from the two embeddings (recipe-free: a `mine-neighbours --mining` setting, and
/// recorded in the neighbour file). None of them reads a label.
/// </summary>
public static class NeighbourMining
{
    /// <summary>
    /// The authors': each modality's list by its own similarity (pictures by pictures, sounds by sounds), so the image
    /// view of an anchor is the picture that looks most alike, whatever sounds in it.
    /// </summary>
    public const string Authors = "authors";

    /// <summary>
    /// Pictures through the sound: both lists are the audio list, so the image view is the picture of an item that
    /// sounds alike. A scene's sound names only its sounding object, while its picture also holds the background and
    /// silent distractors, which a globally pooled picture embedding weighs as much as the object.
    /// </summary>
    public const string ThroughAudio = "through-audio";

    /// <summary>
    /// Cross-modal agreement: one joint list for both views, ranked by the sum of the anchor's image and audio
    /// similarities, each standardised over the anchor's row (z-scores), so an item ranks high only where both
    /// modalities agree it is near.
    /// </summary>
    public const string Agreement = "agreement";

    public static IReadOnlyList<string> All { get; } = [Authors, ThroughAudio, Agreement];

    public static bool IsValid(string name) => All.Contains(name);
}
