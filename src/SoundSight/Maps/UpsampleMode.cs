namespace SoundSight.Maps;

/// <summary>How a native-resolution map (14 x 14 at 224 px) is brought to the evaluation size.</summary>
public enum UpsampleMode
{
    /// <summary>
    /// Bilinear with align_corners=True, as F.interpolate in the official validate_lvs for IS3, Flickr, AVSBench
    /// and VPO.
    /// </summary>
    AlignCorners,

    /// <summary>
    /// Bilinear with half-pixel centres (cv2.resize INTER_LINEAR), as the official validate_lvs does for VGG-SS.
    /// </summary>
    HalfPixel,
}
