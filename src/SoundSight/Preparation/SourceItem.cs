namespace SoundSight.Preparation;

/// <summary>
/// One clip to prepare: its output id, the media it comes from, and where the clip starts in it (null: decided
/// from the name and duration, see <see cref="ClipPreparer"/>). <see cref="AudioSource"/> is set when the frame is
/// a picture with a separate sound file of the same name (the Flickr-SoundNet download), else it is the video.
/// </summary>
public sealed record SourceItem(string Id, string Source, double? ClipStartSeconds, string? AudioSource = null)
{
    public bool IsPicturePair => AudioSource is not null;
}
