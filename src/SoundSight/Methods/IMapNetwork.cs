using static TorchSharp.torch;

namespace SoundSight.Methods;

/// <summary>
/// A competing method's network at inference, split where the interactive case needs it: a picture is encoded
/// once and paired with every sound. Features are whatever the method's map is computed from (for EZ-VSL the
/// L2-normalised projected vision map and audio vector).
/// </summary>
public interface IMapNetwork
{
    /// <summary>Vision features of a [B, 3, 224, 224] batch.</summary>
    Tensor EncodeImages(Tensor images);

    /// <summary>Audio features of a [B, 1, F, T] batch.</summary>
    Tensor EncodeSounds(Tensor spectrograms);

    /// <summary>The method's map of picture i with sound i: [B, h, w], as its forward computes Savl.</summary>
    Tensor PairMaps(Tensor vision, Tensor audio);

    /// <summary>Every picture with every sound: [B_img, B_aud, h, w].</summary>
    Tensor AllMaps(Tensor vision, Tensor audio);
}
