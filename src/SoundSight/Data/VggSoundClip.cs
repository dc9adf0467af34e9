using System.Globalization;

namespace SoundSight.Data;

/// <summary>
/// One VGGSound clip: a YouTube id and the whole second its 10-s clip starts at. VGGSound names a clip in three
/// ways, all of which this type reads and writes: the benchmark file key <c>zpWuikVorYg_000032</c> (vggss.json,
/// vggss_test.csv), the folder id <c>zpWuikVorYg_32000_42000</c> (start and end in milliseconds, the names under
/// VGGSound_img/ and VGGSound_aud/ that the authors' loader opens), and the CSV pair (<c>zpWuikVorYg</c>, 32).
/// </summary>
public sealed record VggSoundClip
{
    /// <summary>Length of a YouTube id (the official vgg_filename cuts names at this length).</summary>
    public const int YoutubeIdLength = 11;

    /// <summary>Length of every VGGSound clip, seconds.</summary>
    public const int ClipSeconds = 10;

    public VggSoundClip(string youtubeId, int startSeconds)
    {
        if (youtubeId.Length != YoutubeIdLength || !youtubeId.All(IsIdChar))
        {
            throw new ArgumentException($"'{youtubeId}' is not an 11-character YouTube id", nameof(youtubeId));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(startSeconds);
        YoutubeId = youtubeId;
        StartSeconds = startSeconds;
    }

    public string YoutubeId { get; }

    /// <summary>Where the clip starts in the full YouTube video, whole seconds.</summary>
    public int StartSeconds { get; }

    /// <summary>The benchmark file key: id, underscore, start zero-padded to 6 digits (<c>zpWuikVorYg_000032</c>).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{YoutubeId}_{StartSeconds:D6}");

    /// <summary>The folder id: id, start ms, end ms (<c>zpWuikVorYg_32000_42000</c>), as the official vgg_filename.</summary>
    public string FolderId => string.Create(CultureInfo.InvariantCulture, $"{YoutubeId}_{StartSeconds * 1000}_{(StartSeconds + ClipSeconds) * 1000}");

    /// <summary>
    /// Reads any of the names: a key (<c>ytid_000032</c> or <c>ytid_32</c>), or a folder id
    /// (<c>ytid_32000_42000</c>); a file extension is ignored. False for anything else.
    /// </summary>
    public static bool TryParse(string name, out VggSoundClip clip)
    {
        clip = null!;
        var stem = Path.GetFileNameWithoutExtension(name);
        if (stem.Length < YoutubeIdLength + 2 || stem[YoutubeIdLength] != '_' || !stem[..YoutubeIdLength].All(IsIdChar))
        {
            return false;
        }
        var id = stem[..YoutubeIdLength];
        var rest = stem[(YoutubeIdLength + 1)..].Split('_');
        if (rest.Length == 1 && TryInt(rest[0], out var start))
        {
            clip = new VggSoundClip(id, start);
            return true;
        }
        if (rest.Length == 2 && TryInt(rest[0], out var startMs) && TryInt(rest[1], out var endMs)
            && startMs % 1000 == 0 && endMs - startMs == ClipSeconds * 1000)
        {
            clip = new VggSoundClip(id, startMs / 1000);
            return true;
        }
        return false;
    }

    public override string ToString() => FolderId;

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';
}
