using System.Buffers.Binary;
using System.Text;
using SoundSight.IO;

namespace SoundSight.Audio;

/// <summary>
/// Reads RIFF/RF64 WAVE files: PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32 and 64, plain or
/// WAVE_FORMAT_EXTENSIBLE, any channel count. Returns channel 0 as float64 on soundfile's scale
/// (int16 / 2^15, int24 / 2^23, int32 / 2^31, (uint8 - 128) / 2^7), because that is what the official loader
/// (soundfile.read) feeds the spectrogram.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static AudioClip Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read audio file ({e.Message})");
        }
        return Parse(bytes, path);
    }

    public static AudioClip Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0)
        {
            throw new InputException(name, "empty file, not a WAV");
        }
        if (bytes.Length < 12 || !(Tag(bytes, 0, "RIFF") || Tag(bytes, 0, "RF64")) || !Tag(bytes, 8, "WAVE"))
        {
            throw new InputException(name, $"not a WAV file (no RIFF/WAVE header){Guess(bytes)}");
        }
        var rf64 = Tag(bytes, 0, "RF64");
        long rf64DataSize = -1;
        ushort format = 0;
        int channels = 0, rate = 0, bits = 0, blockAlign = 0;
        var haveFormat = false;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes.Slice(position, 4));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            var body = position + 8;
            if (id == "ds64" && body + 16 <= bytes.Length)
            {
                rf64DataSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[(body + 8)..]);
            }
            else if (id == "fmt ")
            {
                if (size < 16 || body + 16 > bytes.Length)
                {
                    throw new InputException(name, "truncated WAV format chunk");
                }
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(body + 4)..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 12)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format == FormatExtensible)
                {
                    if (size < 40 || body + 40 > bytes.Length)
                    {
                        throw new InputException(name, "truncated WAVE_FORMAT_EXTENSIBLE format chunk");
                    }
                    // The sub-format GUID starts with the plain format code.
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 24)..]);
                }
                haveFormat = true;
            }
            else if (id == "data")
            {
                if (!haveFormat)
                {
                    throw new InputException(name, "WAV data chunk comes before its format chunk");
                }
                var available = bytes.Length - body;
                long declared = rf64 && size == 0xFFFFFFFF && rf64DataSize >= 0 ? rf64DataSize : size;
                // Streaming writers leave the size at 0 or 0xFFFFFFFF: then everything that follows is audio.
                if (declared == 0 || declared == 0xFFFFFFFF)
                {
                    declared = available;
                }
                else if (declared > available)
                {
                    throw new InputException(name, $"truncated WAV: header declares {declared} bytes of audio, the file holds {available}");
                }
                return Decode(bytes.Slice(body, (int)declared), format, channels, rate, bits, blockAlign, name);
            }
            position = checked(body + (int)Math.Min(size, int.MaxValue - body) + (int)(size & 1));
        }
        throw new InputException(name, haveFormat ? "WAV file has no data chunk (truncated?)" : "WAV file has no format chunk");
    }

    private static AudioClip Decode(ReadOnlySpan<byte> data, ushort format, int channels, int rate, int bits, int blockAlign, string name)
    {
        if (channels < 1)
        {
            throw new InputException(name, "WAV declares zero channels");
        }
        if (rate < 1)
        {
            throw new InputException(name, "WAV declares a zero sample rate");
        }
        var bytesPerSample = bits / 8;
        if (blockAlign < channels * bytesPerSample)
        {
            blockAlign = channels * bytesPerSample;
        }
        Func<ReadOnlySpan<byte>, double> read = (format, bits) switch
        {
            (FormatPcm, 8) => b => (b[0] - 128) / 128.0,
            (FormatPcm, 16) => b => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
            (FormatPcm, 24) => b => (((b[2] << 24) | (b[1] << 16) | (b[0] << 8)) >> 8) / 8388608.0,
            (FormatPcm, 32) => b => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
            (FormatFloat, 32) => b => BinaryPrimitives.ReadSingleLittleEndian(b),
            (FormatFloat, 64) => b => BinaryPrimitives.ReadDoubleLittleEndian(b),
            _ => throw new InputException(name, $"unsupported WAV encoding: {FormatName(format)} with {bits} bits per sample (supported: PCM 8/16/24/32-bit, float 32/64-bit)"),
        };
        var frames = data.Length / blockAlign;
        if (frames == 0)
        {
            throw new InputException(name, "contains no audio samples");
        }
        var samples = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            samples[i] = read(data.Slice(i * blockAlign, bytesPerSample));
        }
        return new AudioClip(samples, rate, channels, name);
    }

    private static string FormatName(ushort format) => format switch
    {
        FormatPcm => "PCM",
        FormatFloat => "IEEE float",
        2 => "Microsoft ADPCM",
        6 => "A-law",
        7 => "mu-law",
        0x11 => "IMA ADPCM",
        0x55 => "MP3",
        _ => $"format code {format}",
    };

    private static bool Tag(ReadOnlySpan<byte> bytes, int at, string tag) =>
        bytes.Length >= at + 4 && Encoding.ASCII.GetString(bytes.Slice(at, 4)) == tag;

    private static string Guess(ReadOnlySpan<byte> bytes)
    {
        if (Tag(bytes, 0, "ID3") || (bytes.Length > 1 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0))
        {
            return "; it looks like MP3 (convert to WAV, or pass it as media so ffmpeg decodes it)";
        }
        if (Tag(bytes, 0, "fLaC"))
        {
            return "; it looks like FLAC";
        }
        if (Tag(bytes, 0, "OggS"))
        {
            return "; it looks like Ogg";
        }
        return "";
    }
}
