using SoundSight.IO;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>
/// Finds benchmark files under a data root by their names, whatever absolute paths the annotation files carry
/// (they hold the authors' machine paths). Every file under the root is indexed once by file name; a candidate
/// such as "VGGSound_img/clip/image_050.jpg" matches a file with that name whose path ends with the candidate's
/// folders, and "*.jpg" matches the first such file (sorted) in the named folder (Flickr's one frame per clip).
/// Works with the downloaded layouts (IS3 images/, audio_wav/ or audio_waw/, gt_segmentation/; VGGSound_img/ +
/// VGGSound_aud/; AVSBench folders; Flickr Data/) and with one flat folder.
/// </summary>
public sealed class DataRoot
{
    private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);

    public DataRoot(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InputException(root, "data root not found");
        }
        Root = Path.GetFullPath(root);
        foreach (var file in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            var name = Path.GetFileName(file);
            if (!_byName.TryGetValue(name, out var list))
            {
                list = [];
                _byName[name] = list;
            }
            list.Add(file);
        }
        foreach (var list in _byName.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
    }

    public string Root { get; }

    /// <summary>The first candidate that exists, or null.</summary>
    public string? Find(IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            var parts = candidate.Split('/');
            var name = parts[^1];
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                var extension = name[1..];
                var folder = string.Join('/', parts[..^1]);
                var match = _byName.Where(kv => kv.Key.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(kv => kv.Value)
                    .Where(f => EndsWithFolders(Path.GetDirectoryName(f)!, folder))
                    .Order(StringComparer.Ordinal)
                    .FirstOrDefault();
                if (match is not null)
                {
                    return match;
                }
                continue;
            }
            if (!_byName.TryGetValue(name, out var files))
            {
                continue;
            }
            var folders = string.Join('/', parts[..^1]);
            var found = files.FirstOrDefault(f => folders.Length == 0 || EndsWithFolders(Path.GetDirectoryName(f)!, folders));
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    private static bool EndsWithFolders(string directory, string folders)
    {
        var normalised = directory.Replace('\\', '/');
        return normalised.EndsWith("/" + folders, StringComparison.Ordinal) || normalised == folders;
    }
}
