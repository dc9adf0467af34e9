namespace SoundSight.Data;

/// <summary>
/// The Flickr-SoundNet test layout the authors' loader reads (SSLalignment datasets_lvs.py, testset 'flickr'):
/// <c>Flickr_Sound_Top5_Dataset_img_test/&lt;id&gt;.mp4/</c>, a folder holding the frame as a <c>.jpg</c> (the loader
/// opens the first .jpg it lists, so there must be exactly one), and
/// <c>Flickr_Sound_Top5_Dataset_wav_test/&lt;id&gt;.wav</c>. Ids are the numeric Flickr ids of flickr_test.csv.
/// </summary>
public static class FlickrLayout
{
    public const string ImageFolder = "Flickr_Sound_Top5_Dataset_img_test";
    public const string AudioFolder = "Flickr_Sound_Top5_Dataset_wav_test";

    /// <summary>The folder named like a video (<c>&lt;id&gt;.mp4</c>) that holds the frame.</summary>
    public static string FrameFolder(string root, string id) => Path.Combine(root, ImageFolder, id + ".mp4");

    /// <summary>The frame SoundSight writes: <c>&lt;id&gt;.jpg</c> inside the frame folder.</summary>
    public static string ImagePath(string root, string id) => Path.Combine(FrameFolder(root, id), id + ".jpg");

    public static string AudioPath(string root, string id) => Path.Combine(root, AudioFolder, id + ".wav");

    public static bool Looks(string root) =>
        Directory.Exists(Path.Combine(root, ImageFolder)) && Directory.Exists(Path.Combine(root, AudioFolder));

    /// <summary>
    /// The layout of the annotated download from learning_to_localize_sound_source (Annotations/ and Data/0 ... 9/),
    /// which the authors' loader cannot read as it is (SSLalignment issue #4).
    /// </summary>
    public static bool LooksLikeAnnotatedDownload(string root) =>
        Directory.Exists(Path.Combine(root, "Data")) && Directory.Exists(Path.Combine(root, "Data", "0"));
}
