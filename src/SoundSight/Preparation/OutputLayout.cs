using SoundSight.Data;

namespace SoundSight.Preparation;

/// <summary>Which folder layout <see cref="DatasetPreparer"/> writes.</summary>
public enum OutputLayout
{
    /// <summary>VGGSound_img/&lt;id&gt;/image_050.jpg + VGGSound_aud/&lt;id&gt;.wav (<see cref="VggSoundLayout"/>).</summary>
    VggSound,

    /// <summary>The Flickr-SoundNet test folders (<see cref="FlickrLayout"/>).</summary>
    Flickr,

    /// <summary>images/&lt;id&gt;.jpg + audio/&lt;id&gt;.wav, listed by manifest.csv.</summary>
    Manifest,
}

/// <summary>Where an item's frame and sound go under an output root, for each layout.</summary>
public static class OutputLayouts
{
    public static (string Image, string Audio) PathsOf(OutputLayout layout, string root, string id) => layout switch
    {
        OutputLayout.VggSound => (VggSoundLayout.ImagePath(root, id), VggSoundLayout.AudioPath(root, id)),
        OutputLayout.Flickr => (FlickrLayout.ImagePath(root, id), FlickrLayout.AudioPath(root, id)),
        _ => (Path.Combine(root, "images", id + ".jpg"), Path.Combine(root, "audio", id + ".wav")),
    };

    public static OutputLayout Parse(string name) => name.ToLowerInvariant() switch
    {
        "vggsound" => OutputLayout.VggSound,
        "flickr" => OutputLayout.Flickr,
        "manifest" => OutputLayout.Manifest,
        _ => throw new IO.InputException(IO.Setting.Mention(IO.Setting.Layout), $"unknown layout '{name}' (vggsound, flickr or manifest)"),
    };
}
