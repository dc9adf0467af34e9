using System.Globalization;
using SoundSight.Data;
using SoundSight.IO;

namespace SoundSight.Preparation;

/// <summary>
/// Finds the clips to prepare: every video under a folder (recursively, in name order), or the lines of a list
/// file (<c>path</c> or <c>path,start-seconds</c>; relative paths from the list's folder; # comments). In a folder,
/// a picture next to a sound of the same name (<c>123.jpg</c> + <c>123.mp3</c>, as the Flickr-SoundNet download) is
/// one clip too. Ids: a VGGSound name becomes its folder id (<c>ytid_32000_42000</c>); any other name keeps its
/// stem, with characters unsafe in file names replaced.
/// </summary>
public static class SourceScanner
{
    public static readonly string[] VideoExtensions = [".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v", ".flv", ".mpg", ".mpeg", ".ts", ".3gp", ".ogv", ".wmv"];
    public static readonly string[] PictureExtensions = [".jpg", ".jpeg", ".png"];
    public static readonly string[] SoundExtensions = [".wav", ".mp3", ".flac", ".m4a", ".aac", ".ogg", ".opus"];

    public static IReadOnlyList<SourceItem> Scan(string videosOrList, double? clipStart)
    {
        if (Directory.Exists(videosOrList))
        {
            return FromFolder(videosOrList, clipStart);
        }
        if (File.Exists(videosOrList))
        {
            return FromList(videosOrList, clipStart);
        }
        throw new InputException(videosOrList, "no such folder or list file");
    }

    public static string IdOf(string path)
    {
        if (VggSoundClip.TryParse(path, out var clip))
        {
            return clip.FolderId;
        }
        var stem = Path.GetFileNameWithoutExtension(path);
        foreach (var c in Path.GetInvalidFileNameChars().Append(','))
        {
            stem = stem.Replace(c, '_');
        }
        return stem;
    }

    private static List<SourceItem> FromFolder(string folder, double? clipStart)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var items = new List<SourceItem>();
        var sounds = files.Where(f => Has(f, SoundExtensions))
            .GroupBy(f => Path.Combine(Path.GetDirectoryName(f)!, Path.GetFileNameWithoutExtension(f)), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var paired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            if (Has(f, VideoExtensions))
            {
                items.Add(new SourceItem(IdOf(f), f, clipStart));
            }
            else if (Has(f, PictureExtensions) && sounds.TryGetValue(Path.Combine(Path.GetDirectoryName(f)!, Path.GetFileNameWithoutExtension(f)), out var sound))
            {
                items.Add(new SourceItem(IdOf(f), f, clipStart, sound));
                paired.Add(sound);
            }
        }
        // Sounds alone are listed too, so the report says why they cannot be prepared (no video stream).
        items.AddRange(sounds.Values.Where(s => !paired.Contains(s)).Select(s => new SourceItem(IdOf(s), s, clipStart)));
        if (items.Count == 0)
        {
            throw new InputException(folder, $"no videos found (looked for {string.Join(' ', VideoExtensions)})");
        }
        return items;
    }

    private static List<SourceItem> FromList(string list, double? clipStart)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(list))!;
        var items = new List<SourceItem>();
        var n = 0;
        foreach (var line in File.ReadLines(list))
        {
            n++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var comma = text.LastIndexOf(',');
            double? start = clipStart;
            var path = text;
            if (comma > 0 && double.TryParse(text[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                if (s < 0)
                {
                    throw new InputException($"{list}:{n}", "clip start must not be negative");
                }
                start = s;
                path = text[..comma].Trim();
            }
            var full = Path.GetFullPath(Path.Combine(dir, path));
            items.Add(new SourceItem(IdOf(full), full, start));
        }
        if (items.Count == 0)
        {
            throw new InputException(list, "the list names no videos");
        }
        return items;
    }

    private static bool Has(string path, string[] extensions) =>
        extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
