namespace SoundSight.Data;

/// <summary>
/// Where a VGGSound-style data root keeps each clip, as the authors' loaders read it (SSLalignment
/// datasets_lvs.py): <c>VGGSound_img/&lt;folder-id&gt;/image_050.jpg</c> (the frame at 5.0 s of the 10-s clip)
/// and <c>VGGSound_aud/&lt;folder-id&gt;.wav</c> (the 10-s clip, 16 kHz mono 16-bit PCM), with folder ids such as
/// <c>zpWuikVorYg_32000_42000</c> (see <see cref="VggSoundClip"/>). One place for these rules, so preparation,
/// training and the benchmark readers agree.
/// </summary>
public static class VggSoundLayout
{
    public const string ImageFolder = "VGGSound_img";
    public const string AudioFolder = "VGGSound_aud";

    /// <summary>The frame file inside each clip's image folder (frame 50 at 10 fps = 5.0 s).</summary>
    public const string FrameFileName = "image_050.jpg";

    public static string ImagePath(string root, string folderId) => Path.Combine(root, ImageFolder, folderId, FrameFileName);

    public static string AudioPath(string root, string folderId) => Path.Combine(root, AudioFolder, folderId + ".wav");

    /// <summary>Whether <paramref name="root"/> has the two VGGSound folders.</summary>
    public static bool Looks(string root) =>
        Directory.Exists(Path.Combine(root, ImageFolder)) && Directory.Exists(Path.Combine(root, AudioFolder));

    /// <summary>
    /// The folder id a benchmark entry names: a key (<c>ytid_000032</c>) becomes <c>ytid_32000_42000</c>; a folder
    /// id stays as it is; a name that is neither (not VGGSound) is returned unchanged.
    /// </summary>
    public static string FolderIdOf(string name) => VggSoundClip.TryParse(name, out var clip) ? clip.FolderId : name;
}
