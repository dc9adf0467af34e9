using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>Any sound file: WAV is read directly (exactly as soundfile); anything else goes through ffmpeg.</summary>
public static class AudioLoader
{
    public static AudioClip Load(string path) => Load(path, null);

    /// <summary>As <see cref="Load(string)"/>; a WAV file's samples go into an array from <paramref name="samples"/>.</summary>
    public static AudioClip Load(string path, ReusableArrays<double>? samples)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        Span<byte> head = stackalloc byte[12];
        int read;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0))
        {
            read = f.Read(head);
        }
        if (read == 0)
        {
            throw new InputException(path, "empty file, not audio");
        }
        var isWav = read == 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8)) && head[8..12].SequenceEqual("WAVE"u8);
        var looksWav = path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".wave", StringComparison.OrdinalIgnoreCase);
        return isWav || looksWav ? WavReader.Read(path, samples) : AudioTrackReader.Read(path);
    }
}
