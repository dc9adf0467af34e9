using System.Security.Cryptography;
using System.Text;

namespace SoundSight.Study;

/// <summary>
/// What a test set holds, as one hash over every file under its root (relative path and bytes), so a run's scores
/// on a set that was composed again differently (a changed composition option, a rebuilt kit) are known to be stale
/// and scored again instead of reported beside scores of the new set. Content, not paths or settings: a study folder
/// moved to another checkout keeps its scores.
/// </summary>
public static class TestSetFingerprint
{
    public static string Of(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                     .Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(root, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
