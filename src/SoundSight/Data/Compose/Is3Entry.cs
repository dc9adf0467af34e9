namespace SoundSight.Data.Compose;

/// <summary>
/// One annotation of an IS3-style set: one sounding object of one picture. Paths are relative to the set's root
/// (images/, audio_wav/, gt_segmentation/). <see cref="GtBox"/> is [x1, y1, x2, y2] in the 224-px frame, as the
/// official synthetic3240_bbox.json. Entries of one picture share its name up to the last '_' (the official
/// grouping key for IIoU): &lt;a&gt;_&lt;b&gt;_&lt;id&gt;_&lt;target&gt;.
/// </summary>
public sealed record Is3Entry(string Image, string Audio, int[] GtBox, string Mask, string Class)
{
    /// <summary>The entry's name: the image file name without extension.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Image);

    /// <summary>The official grouping key: the name without its last '_' token.</summary>
    public string Group => Name[..Math.Max(0, Name.LastIndexOf('_'))];
}
