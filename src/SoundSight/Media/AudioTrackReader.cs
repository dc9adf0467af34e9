using System.Buffers.Binary;
using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>
/// The first audio stream of any media file ffmpeg reads (video containers, MP3, FLAC, ...), at its native rate,
/// channel 0 only (as the official loader keeps), decoded to float64.
/// </summary>
public static class AudioTrackReader
{
    public static AudioClip Read(string media)
    {
        var info = MediaInfo.Probe(media);
        if (!info.HasAudio)
        {
            throw new InputException(media, "has no audio stream");
        }
        var raw = Ffmpeg.Run("ffmpeg", media,
        [
            "-v", "error", "-nostdin", "-i", media, "-map", "0:a:0", "-af", "pan=mono|c0=c0",
            "-f", "f64le", "-c:a", "pcm_f64le", "pipe:1",
        ]);
        var samples = new double[raw.Length / 8];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8));
        }
        if (samples.Length == 0)
        {
            throw new InputException(media, "audio stream holds no samples");
        }
        return new AudioClip(samples, info.SampleRate, info.Channels, media);
    }
}
