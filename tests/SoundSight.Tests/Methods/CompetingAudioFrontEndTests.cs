using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Methods.AudioFrontEnds;

namespace SoundSight.Tests.Methods;

/// <summary>
/// The competing methods' audio front ends against the authors' comparison code: fixtures written by
/// tools/golden/competing_audio_fixtures.py (datasets.get_test_dataset, get_test_dataset_fnac and
/// datasets_ssltie.GetAudioVideoDataset_ssltie, unchanged, on WAVs this class rebuilds byte for byte).
/// </summary>
public sealed class CompetingAudioFrontEndTests : IDisposable
{
    /// <summary>
    /// SSL-TIE's mel dB: torchaudio computes the STFT and the mel product in float32, this in double from the same
    /// float32 samples, window and filters; torch's own float32 result differs from its float64 one by up to
    /// 1.1e-4 to 8.7e-4 dB on these clips, so 1e-4 dB cannot hold everywhere. The largest difference on the stored
    /// columns is 2.4e-4 dB (stereo16k_float_10p7s).
    /// </summary>
    public const double SslTieToleranceDb = 3e-4;

    private static readonly Lazy<JsonElement> Manifest = new(() =>
        JsonDocument.Parse(File.ReadAllText(Fixture("manifest.json"))).RootElement.Clone());

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"competing-{Guid.NewGuid():N}");

    public CompetingAudioFrontEndTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Cases() => new(Manifest.Value.GetProperty("cases").EnumerateObject().Select(p => p.Name));

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "CompetingAudio", name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EzVslIsBitIdenticalToTheOfficialLoader(string name)
    {
        var actual = new EzVslAudioFrontEnd().LogSpectrogram(Wav(name));
        AssertColumnsEqual("ezvsl_" + name, actual, [1, 257, 200], 0);
    }

    [Theory]
    [InlineData("stereo16k_pcm16_5p2s")]
    [InlineData("mono44k_float_1p3s")]
    public void EzVslWithTheAvsBenchClipIsBitIdentical(string name)
    {
        var actual = new EzVslAudioFrontEnd(clipSeconds: 5.0).LogSpectrogram(Wav(name));
        AssertColumnsEqual("ezvsl_ms3_" + name, actual, [1, 257, 200], 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FnacIsBitIdenticalToTheOfficialLoader(string name)
    {
        var path = Wav(name);
        var actual = new FnacAudioFrontEnd().LogSpectrogram(path);
        var rate = WavReader.ReadAllChannels(path).SampleRate;
        AssertColumnsEqual("fnac_" + name, actual, FnacAudioFrontEnd.Shape(rate).ToArray(), 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SslTieIsWithinToleranceOfTorchaudio(string name)
    {
        var wav = WavReader.ReadAllChannels(Wav(name));
        var frontEnd = new SslTieAudioFrontEnd();
        AssertColumnsEqual("ssltie_" + name, frontEnd.LogMel(wav), frontEnd.Shape(wav.Channels, wav.SampleRate).ToArray(), SslTieToleranceDb);
    }

    [Theory]
    [InlineData("stereo16k_pcm16_5p2s")]
    [InlineData("mono44k_float_1p3s")]
    public void SslTieWithTheAvsBenchSettingsIsWithinTolerance(string name)
    {
        var wav = WavReader.ReadAllChannels(Wav(name));
        var frontEnd = new SslTieAudioFrontEnd(clipSeconds: 5, firstChannelOfStereo: true);
        AssertColumnsEqual("ssltie_ms3_" + name, frontEnd.LogMel(wav), frontEnd.Shape(wav.Channels, wav.SampleRate).ToArray(), SslTieToleranceDb);
    }

    [Fact]
    public void StereoDownmixFollowsLibswresample()
    {
        // 16-bit: (16384 L + 16384 R + 16384) >> 15, i.e. floor((L + R + 1) / 2); float: lrintf(0.5 L + 0.5 R) * 32768.
        var pcm = Write("pcm.wav", 1, 2, 16, [3, 0, -3, 0, -32768, -32768, 32767, 32767, 1, -2]);
        Assert.Equal([2, -1, -32768, 32767, 0], PyAvMonoPcm16.Convert(WavReader.ReadAllChannels(pcm)));
        var floats = new float[] { 1.5f, 1.5f, -0.5f / 32768f, 0f, 1.5f / 32768f, 0f, 2.5f / 32768, 2.5f / 32768 };
        var bytes = new byte[floats.Length * 4];
        for (var i = 0; i < floats.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), floats[i]);
        }
        var path = Path.Combine(_dir, "float.wav");
        File.WriteAllBytes(path, WavFile(3, 2, 32, 16000, bytes));
        // Clipped, -0.25 -> 0 and 0.75 -> 1 to nearest, 2.5 -> 2 to even.
        Assert.Equal([32767, 0, 1, 2], PyAvMonoPcm16.Convert(WavReader.ReadAllChannels(path)));
    }

    [Fact]
    public void TorchaudioScaleOfFloatSamplesGoesThroughLibsoxIntegers()
    {
        var floats = new float[] { 2.0f, -2.0f, 0.1f, 1.0f };
        var bytes = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), floats[i]);
        }
        var path = Path.Combine(_dir, "sox.wav");
        File.WriteAllBytes(path, WavFile(3, 1, 32, 16000, bytes));
        var samples = SslTieAudioFrontEnd.TorchaudioSamples(WavReader.ReadAllChannels(path), 0);
        Assert.Equal([1f, -1f, (float)(Math.Round(0.1f * 16777216.0) / 16777216.0), 1f], samples);
    }

    [Fact]
    public void MelPointsOutsideTheTableAreWithinTenMillionthsOfTorchs()
    {
        foreach (var (rate, points) in TorchaudioMelPoints.For257Mels)
        {
            var computed = TorchaudioMelFilterBank.Points(rate, 257);
            for (var i = 1; i < points.Length; i++)
            {
                Assert.True(Math.Abs(computed[i] - points[i]) <= 1e-5 * points[i], $"{rate} Hz, point {i}: {computed[i]} against {points[i]}");
            }
        }
    }

    [Fact]
    public void FnacWindowFollowsFfmpegsSeek()
    {
        // 12.5 s at 44.1 kHz: start 4.75 s, sample 209475, 3 s.
        Assert.Equal((209475L, 0L, 132300L), FnacAudioFrontEnd.Range(551250, 44100));
        // Shorter than 3 s: the whole file from its start.
        Assert.Equal((0L, 0L, 36800L), FnacAudioFrontEnd.Range(36800, 16000));
    }

    [Fact]
    public void MissingAndTooShortInputsAreOneLineNamingTheFile()
    {
        var missing = Path.Combine(_dir, "none.wav");
        Assert.Equal($"{missing}: file not found", Assert.Throws<InputException>(() => new EzVslAudioFrontEnd().LogSpectrogram(missing)).Message);
        // At 40 Hz, 10 s are 400 samples, fewer than one 512-sample segment.
        var low = Path.Combine(_dir, "low.wav");
        File.WriteAllBytes(low, WavFile(1, 1, 16, 40, new byte[80]));
        var e = Assert.Throws<InputException>(() => new EzVslAudioFrontEnd().LogSpectrogram(low));
        Assert.StartsWith($"{low}: ", e.Message);
    }

    private void AssertColumnsEqual(string output, float[] actual, int[] shape, double tolerance)
    {
        var info = Manifest.Value.GetProperty("outputs").GetProperty(output);
        Assert.Equal(info.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), shape);
        var columns = info.GetProperty("columns").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var expected = Npy.Read(Fixture(output + ".npy"));
        var (channels, rows, frames) = (shape[0], shape[1], shape[2]);
        Assert.Equal([channels, rows, columns.Length], expected.Shape);
        var worst = 0.0;
        for (var c = 0; c < channels; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < columns.Length; k++)
                {
                    var e = (float)expected.Data[(((c * rows) + r) * columns.Length) + k];
                    var a = actual[(((c * rows) + r) * frames) + columns[k]];
                    if (tolerance == 0)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a), $"{output}[{c}, {r}, {columns[k]}]: expected {e:R}, got {a:R}");
                    }
                    worst = Math.Max(worst, Math.Abs(e - a));
                }
            }
        }
        Assert.True(worst <= tolerance, $"{output}: largest difference {worst:E3} over {tolerance:E1}");
    }

    private string Wav(string name)
    {
        var info = Manifest.Value.GetProperty("cases").GetProperty(name);
        var rate = info.GetProperty("rate").GetInt32();
        var channels = info.GetProperty("channels").GetInt32();
        var frames = info.GetProperty("frames").GetInt32();
        var isFloat = info.GetProperty("encoding").GetString() == "float";
        var values = Samples(frames, channels, info.GetProperty("seed").GetInt32());
        var width = isFloat ? 4 : 2;
        var data = new byte[values.Length * width];
        for (var i = 0; i < values.Length; i++)
        {
            if (isFloat)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), (float)(values[i] * 1.1 / 16384.0));
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)values[i]);
            }
        }
        var bytes = WavFile(isFloat ? 3 : 1, channels, 8 * width, rate, data);
        Assert.Equal(info.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var path = Path.Combine(_dir, name + ".wav");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, int tag, int channels, int bits, short[] values)
    {
        var data = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), values[i]);
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, WavFile(tag, channels, bits, 16000, data));
        return path;
    }

    /// <summary>competing_audio_fixtures.samples: interleaved frames of LCG noise / 4 plus a sawtooth, stepped envelope.</summary>
    private static long[] Samples(int n, int channels, int seed)
    {
        var result = new long[n * channels];
        for (var c = 0; c < channels; c++)
        {
            var s = (seed + (7919L * c)) & 0x7FFFFFFF;
            for (long i = 0; i < n; i++)
            {
                s = ((s * 1103515245) + 12345) & 0x7FFFFFFF;
                var noise = (s >> 16) - 16384;
                var saw = ((i * (73 + (19 * c))) % 8192) - 4096;
                var envelope = 1 + (3 * i / n);
                result[(i * channels) + c] = ((noise >> 2) + saw) * envelope >> 1;
            }
        }
        return result;
    }

    /// <summary>competing_audio_fixtures.wav_bytes: RIFF, WAVE, a 16-byte fmt chunk, the data chunk.</summary>
    private static byte[] WavFile(int tag, int channels, int bits, int rate, byte[] data)
    {
        var block = channels * bits / 8;
        var pad = data.Length & 1;
        var bytes = new byte[44 + data.Length + pad];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], (short)tag);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * block);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)block);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], (short)bits);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data.Length);
        data.CopyTo(s[44..]);
        return bytes;
    }
}
