using System.Buffers.Binary;
using SoundSight.IO;

namespace SoundSight.Audio;

/// <summary>
/// What a WAV file's 'fmt ' chunk says, reduced to what decoding needs. <see cref="BytesPerSample"/> is the
/// container size: PCM is scaled by it (a 12-bit sample in a 16-bit container reads as int16 / 32768), as
/// libsndfile does.
/// </summary>
internal sealed record WavFormat(WavEncoding Encoding, int Channels, int SampleRate, int BytesPerSample, int BitsPerSample)
{
    private const ushort TagPcm = 0x0001;
    private const ushort TagFloat = 0x0003;
    private const ushort TagExtensible = 0xFFFE;

    // Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID that wraps a classic format tag.
    private static ReadOnlySpan<byte> SubFormatSuffix =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Bytes per frame (one sample of every channel).</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>Human name of the encoding, for messages and logs.</summary>
    public string Describe() => Encoding switch
    {
        WavEncoding.UnsignedPcm8 => "8-bit unsigned PCM",
        WavEncoding.SignedPcm => $"{BitsPerSample}-bit PCM",
        WavEncoding.Float32 => "32-bit float",
        _ => "64-bit float",
    };

    public static WavFormat Parse(ReadOnlySpan<byte> chunk, string path)
    {
        if (chunk.Length < 16)
        {
            throw new InputException(path, $"malformed WAV file: its 'fmt ' chunk has {chunk.Length} bytes, at least 16 are needed");
        }
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == TagExtensible)
        {
            tag = SubFormatTag(chunk, path);
        }
        if (tag != TagPcm && tag != TagFloat)
        {
            throw new InputException(path, $"unsupported WAV encoding: {TagName(tag)} (format tag 0x{tag:X4}); only PCM and IEEE float WAV files are read");
        }
        if (channels == 0)
        {
            throw new InputException(path, "malformed WAV file: it declares 0 channels");
        }
        if (sampleRate == 0 || sampleRate > int.MaxValue)
        {
            throw new InputException(path, $"malformed WAV file: it declares a sample rate of {sampleRate} Hz");
        }
        var encoding = tag == TagFloat ? FloatEncoding(bits, path) : PcmEncoding(bits, path);
        var bytesPerSample = ContainerBytes(encoding, bits, channels, blockAlign, path);
        return new WavFormat(encoding, channels, (int)sampleRate, bytesPerSample, bits);
    }

    private static ushort SubFormatTag(ReadOnlySpan<byte> chunk, string path)
    {
        if (chunk.Length < 40 || BinaryPrimitives.ReadUInt16LittleEndian(chunk[16..]) < 22)
        {
            throw new InputException(path, "malformed WAV file: its WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short to hold the sub-format");
        }
        var guid = chunk.Slice(24, 16);
        if (!guid[2..].SequenceEqual(SubFormatSuffix))
        {
            throw new InputException(path, $"unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}; only PCM and IEEE float WAV files are read");
        }
        return BinaryPrimitives.ReadUInt16LittleEndian(guid);
    }

    private static WavEncoding FloatEncoding(int bits, string path) => bits switch
    {
        32 => WavEncoding.Float32,
        64 => WavEncoding.Float64,
        _ => throw new InputException(path, $"unsupported WAV encoding: {bits}-bit float (only 32- and 64-bit float are read)"),
    };

    private static WavEncoding PcmEncoding(int bits, string path) => bits switch
    {
        >= 1 and <= 8 => WavEncoding.UnsignedPcm8,
        >= 9 and <= 32 => WavEncoding.SignedPcm,
        _ => throw new InputException(path, $"unsupported WAV encoding: {bits}-bit PCM (only 8- to 32-bit PCM is read)"),
    };

    // The container is what blockAlign says when that is consistent (24-bit samples in 32-bit containers exist),
    // otherwise the smallest whole number of bytes that holds the declared bits.
    private static int ContainerBytes(WavEncoding encoding, int bits, int channels, int blockAlign, string path)
    {
        var minimum = (bits + 7) / 8;
        var maximum = encoding switch
        {
            WavEncoding.UnsignedPcm8 => 1,
            WavEncoding.SignedPcm => 4,
            _ => minimum,
        };
        if (blockAlign % channels == 0)
        {
            var container = blockAlign / channels;
            if (container >= minimum && container <= maximum)
            {
                return container;
            }
        }
        throw new InputException(path, $"malformed WAV file: block size {blockAlign} does not fit {channels} channel(s) of {bits}-bit samples");
    }

    private static string TagName(ushort tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG audio",
        0x0055 => "MP3",
        0x0161 or 0x0162 or 0x0163 => "Windows Media Audio",
        0x2000 => "AC-3",
        0xF1AC => "FLAC",
        _ => "a non-PCM codec",
    };
}
