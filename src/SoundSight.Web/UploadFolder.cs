namespace SoundSight.Web;

/// <summary>
/// A private temporary folder for one job's uploads. Files get names the server makes (image-0, sound-1, ...):
/// nothing a client sends becomes a path. The folder and everything in it go when the job is disposed.
/// </summary>
public sealed class UploadFolder : IDisposable
{
    private UploadFolder(string path) => Path = path;

    public string Path { get; }

    public static UploadFolder Create() => new(Directory.CreateTempSubdirectory("soundsight-serve-").FullName);

    /// <summary>Copies an upload to <c>{role}-{index}</c> in the folder and returns that path.</summary>
    public async Task<string> SaveAsync(IFormFile file, string role, int index, CancellationToken cancel)
    {
        var path = System.IO.Path.Combine(Path, $"{role}-{index}");
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await file.CopyToAsync(target, cancel).ConfigureAwait(false);
        return path;
    }

    /// <summary>A path in the folder for an output the server writes.</summary>
    public string Output(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open on another thread (a download in progress) is removed with the next sweep.
        }
    }

    /// <summary>
    /// The client's file name, for messages and labels only: its last segment, printable characters, at most 80.
    /// </summary>
    public static string DisplayName(string? clientName, string fallback)
    {
        var name = System.IO.Path.GetFileName((clientName ?? "").Replace('\\', '/'));
        var clean = new string(name.Where(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or ' ' or '(' or ')').ToArray()).Trim();
        if (clean.Length == 0)
        {
            return fallback;
        }
        return clean.Length > 80 ? clean[..80] : clean;
    }
}
