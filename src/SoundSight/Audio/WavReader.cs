using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using SoundSight.IO;

namespace SoundSight.Audio;

/// <summary>
/// Reads WAV files (RIFF/WAVE, and RF64/BW64 for files over 4 GiB) holding PCM (8-bit unsigned, 16, 24, 32-bit)
/// or IEEE float (32, 64-bit) samples, plain or WAVE_FORMAT_EXTENSIBLE, any channel count. Keeps channel 0 and
/// scales it exactly as <c>soundfile.read</c> (libsndfile) returns float64: int16 / 2^15, int24 / 2^23,
/// int32 / 2^31, (uint8 - 128) / 2^7; float samples unchanged.
/// </summary>
/// <remarks>
/// Unknown chunks are skipped (with RIFF's odd-size padding). A streaming header (data size 0 or 0xFFFFFFFF,
/// written by tools that cannot seek back) means "audio runs to the end of the file". Anything else that cannot
/// be decoded is an <see cref="InputException"/> naming the file: the official loader would crash or misread.
/// Non-finite float samples are refused too: they would turn the whole spectrogram into NaN.
/// </remarks>
public static class WavReader
{
    private const uint StreamingSize = 0xFFFFFFFF;
    private const int FramesPerBlock = 32768;

    public static AudioClip Read(string path) => Read(path, null);

    /// <summary>
    /// Reads a file, channel 0 written into an array from <paramref name="samples"/> when given (valid until its next
    /// use: see <see cref="ReusableArrays{T}"/>), so a training worker reads clips without allocating.
    /// </summary>
    public static AudioClip Read(string path, ReusableArrays<double>? samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new InputException(path, "is a folder, not a WAV file");
        }
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        try
        {
            // Unbuffered: the samples are read in large blocks, and the few header reads are not worth a buffer per file.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return Read(stream, path, samples);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read the file ({e.Message})", e);
        }
    }

    private static AudioClip Read(FileStream stream, string path, ReusableArrays<double>? samples)
    {
        var (format, dataStart, dataLength) = Locate(stream, path);
        return Decode(stream, path, format, dataStart, dataLength, samples);
    }

    /// <summary>
    /// Every channel's samples in the file's own encoding, undecoded: for front ends that must convert samples as
    /// another library does (libswresample for PyAV, libsox for torchaudio), not as soundfile does.
    /// </summary>
    public static WavSamples ReadAllChannels(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new InputException(path, "is a folder, not a WAV file");
        }
        if (!File.Exists(path))
        {
            throw new InputException(path, "file not found");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var (format, dataStart, dataLength) = Locate(stream, path);
            var frames = dataLength / format.BlockAlign;
            if (frames == 0)
            {
                throw new InputException(path, "contains no audio samples");
            }
            if (frames * format.BlockAlign > Array.MaxLength)
            {
                throw new InputException(path, $"too long: {frames} samples per channel in {format.Channels} channels, at most {Array.MaxLength} bytes are read");
            }
            var bytes = new byte[frames * format.BlockAlign];
            stream.Position = dataStart;
            ReadExactly(stream, bytes, path);
            var result = new WavSamples(format, (int)frames, bytes, path);
            result.RefuseNonFinite();
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read the file ({e.Message})", e);
        }
    }

    private static (WavFormat Format, long DataStart, long DataLength) Locate(FileStream stream, string path)
    {
        var fileLength = stream.Length;
        Span<byte> header = stackalloc byte[12];
        var headerLength = ReadUpTo(stream, header);
        var kind = headerLength >= 12 ? Ascii(header[..4]) : "";
        if (headerLength < 12 || kind is not ("RIFF" or "RF64" or "BW64") || Ascii(header[8..12]) != "WAVE")
        {
            throw new InputException(path, NotWavProblem(header[..headerLength]));
        }
        var isRf64 = kind != "RIFF";
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var streaming = riffSize is 0 or StreamingSize;

        WavFormat? format = null;
        long dataStart = -1;
        long dataLength = 0;
        long rf64DataSize = -1;
        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> ds64 = stackalloc byte[16];
        var position = 12L;
        while (position + 8 <= fileLength)
        {
            stream.Position = position;
            ReadExactly(stream, chunkHeader, path);
            var id = Ascii(chunkHeader[..4]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var bodyStart = position + 8;
            var available = fileLength - bodyStart;
            if (id == "data")
            {
                dataStart = bodyStart;
                var declared = isRf64 && size == StreamingSize && rf64DataSize >= 0 ? rf64DataSize : size;
                var toEnd = size == StreamingSize || (isRf64 && declared == 0) || (size == 0 && streaming);
                if (toEnd)
                {
                    dataLength = available;
                    break;
                }
                if (declared > available)
                {
                    throw new InputException(path, $"truncated WAV file: the header declares {declared} bytes of audio but only {available} follow");
                }
                dataLength = declared;
                if (format is not null)
                {
                    break;
                }
            }
            else if (size > available)
            {
                if (format is not null && dataStart >= 0)
                {
                    break;
                }
                throw new InputException(path, $"truncated WAV file: chunk '{Printable(id)}' declares {size} bytes but only {available} follow");
            }
            else if (id == "fmt ")
            {
                // Only the first 40 bytes (the extensible layout) mean anything to decoding.
                var body = new byte[Math.Min(size, 40u)];
                ReadExactly(stream, body, path);
                format = WavFormat.Parse(body, path);
            }
            else if (id == "ds64" && isRf64 && size >= 16)
            {
                ReadExactly(stream, ds64, path);
                rf64DataSize = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(ds64[8..]), long.MaxValue);
            }
            var next = id == "data" ? bodyStart + dataLength : bodyStart + size;
            position = next + (next & 1);
        }

        if (format is null)
        {
            throw new InputException(path, "malformed WAV file: it has no 'fmt ' chunk");
        }
        if (dataStart < 0)
        {
            throw new InputException(path, "contains no audio samples (no 'data' chunk)");
        }
        return (format, dataStart, dataLength);
    }

    private static AudioClip Decode(FileStream stream, string path, WavFormat format, long dataStart, long dataLength, ReusableArrays<double>? reusable)
    {
        var frames = dataLength / format.BlockAlign;
        if (frames == 0)
        {
            throw new InputException(path, "contains no audio samples");
        }
        if (frames > Array.MaxLength)
        {
            throw new InputException(path, $"too long: {frames} samples per channel, at most {Array.MaxLength} are read");
        }
        var samples = reusable?.Get((int)frames) ?? new double[frames];
        var block = ArrayPool<byte>.Shared.Rent(format.BlockAlign * (int)Math.Min(frames, FramesPerBlock));
        try
        {
            stream.Position = dataStart;
            for (var done = 0L; done < frames;)
            {
                var count = (int)Math.Min(frames - done, FramesPerBlock);
                var bytes = block.AsSpan(0, count * format.BlockAlign);
                ReadExactly(stream, bytes, path);
                DecodeChannelZero(bytes, format, samples.AsSpan((int)done, count));
                done += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
        RefuseNonFinite(samples, format, path);
        return new AudioClip(samples, format.SampleRate, format.Channels, path);
    }

    private static void DecodeChannelZero(ReadOnlySpan<byte> bytes, WavFormat format, Span<double> destination)
    {
        var stride = format.BlockAlign;
        switch (format.Encoding)
        {
            case WavEncoding.UnsignedPcm8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (bytes[i * stride] - 128) / 128.0;
                }
                break;
            case WavEncoding.Float32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * stride)..]);
                }
                break;
            case WavEncoding.Float64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * stride)..]);
                }
                break;
            case WavEncoding.SignedPcm when format.BytesPerSample == 2:
                DecodePcm16(bytes, stride, destination);
                break;
            default:
                DecodeSignedPcm(bytes, format, destination);
                break;
        }
    }

    // The common case (16-bit), eight samples at a time: int16 / 2^15 is exact in double, the value the general
    // path below computes; stereo and wider frames gather channel 0 by stride.
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodePcm16(ReadOnlySpan<byte> bytes, int stride, Span<double> destination)
    {
        const double scale = 1.0 / 32768.0;
        var i = 0;
        if (stride == 2 && Avx.IsSupported && BitConverter.IsLittleEndian)
        {
            var values = MemoryMarshal.Cast<byte, short>(bytes);
            var scaleLanes = Vector256.Create(scale);
            for (; i + 8 <= destination.Length; i += 8)
            {
                var (low, high) = Vector128.Widen(Vector128.Create(values.Slice(i, 8)));
                (Avx.ConvertToVector256Double(low) * scaleLanes).CopyTo(destination[i..]);
                (Avx.ConvertToVector256Double(high) * scaleLanes).CopyTo(destination[(i + 4)..]);
            }
        }
        for (; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * stride)..]) * scale;
        }
    }

    // Assembles the little-endian container into the top bytes of an int (left-justified, as WAV stores samples
    // narrower than their container) and divides by 2^31: exact, and what libsndfile does for every width.
    private static void DecodeSignedPcm(ReadOnlySpan<byte> bytes, WavFormat format, Span<double> destination)
    {
        const double scale = 1.0 / 2147483648.0;
        var stride = format.BlockAlign;
        var width = format.BytesPerSample;
        for (var i = 0; i < destination.Length; i++)
        {
            var offset = i * stride;
            var value = 0;
            for (var b = 0; b < width; b++)
            {
                value |= bytes[offset + b] << (8 * (4 - width + b));
            }
            destination[i] = value * scale;
        }
    }

    private static void RefuseNonFinite(double[] samples, WavFormat format, string path)
    {
        if (format.Encoding is not (WavEncoding.Float32 or WavEncoding.Float64))
        {
            return;
        }
        for (var i = 0; i < samples.Length; i++)
        {
            if (!double.IsFinite(samples[i]))
            {
                throw new InputException(path, $"invalid audio: sample {i} of channel 0 is {samples[i]} (NaN or infinite values are not audio)");
            }
        }
    }

    private static string NotWavProblem(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty)
        {
            return "empty file, not a WAV file";
        }
        if (start.Length < 12 && Ascii(start).StartsWith("RIFF", StringComparison.Ordinal))
        {
            return "truncated WAV file: it ends inside the RIFF header";
        }
        var guess = Guess(start);
        return guess is null ? "not a WAV file (no RIFF/WAVE header)" : $"not a WAV file (it looks like {guess})";
    }

    private static string? Guess(ReadOnlySpan<byte> start)
    {
        var text = Ascii(start);
        if (text.StartsWith("ID3", StringComparison.Ordinal) || (start.Length >= 2 && start[0] == 0xFF && (start[1] & 0xE0) == 0xE0))
        {
            return "MP3 audio";
        }
        if (text.StartsWith("RIFX", StringComparison.Ordinal))
        {
            return "a big-endian RIFX WAV file, which is not supported";
        }
        if (text.StartsWith("RIFF", StringComparison.Ordinal) && text.Length >= 12)
        {
            return $"a RIFF '{Printable(text[8..12])}' file, not WAVE audio";
        }
        return text switch
        {
            _ when text.StartsWith("OggS", StringComparison.Ordinal) => "Ogg audio",
            _ when text.StartsWith("fLaC", StringComparison.Ordinal) => "FLAC audio",
            _ when text.StartsWith("FORM", StringComparison.Ordinal) => "AIFF audio",
            _ when text.Length >= 8 && text[4..8] == "ftyp" => "an MP4/M4A file",
            _ when IsText(start) => "a text file",
            _ => null,
        };
    }

    private static bool IsText(ReadOnlySpan<byte> start)
    {
        foreach (var b in start)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static string Printable(string id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString();
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path)
    {
        if (ReadUpTo(stream, buffer) != buffer.Length)
        {
            throw new InputException(path, "truncated WAV file: it ends in the middle of a chunk");
        }
    }
}
