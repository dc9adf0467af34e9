using System.Text;
using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Tests.Audio;

public sealed class WavReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("soundsight-wav-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    /// <summary>A plain WAV file's bytes; <paramref name="extensibleSubFormat"/> is the sub-format tag when format is 0xFFFE.</summary>
    internal static byte[] Wav(ushort format, int rate, int channels, int bits, byte[] data, ushort extensibleSubFormat = 0) =>
        new TestWav { FormatTag = format, SubFormat = extensibleSubFormat, SampleRate = rate, Channels = channels, BitsPerSample = bits }.Build(data);

    [Theory]
    [InlineData("enc_u8", 16000, 1)]
    [InlineData("enc_s16", 44100, 2)]
    [InlineData("enc_s24", 22050, 2)]
    [InlineData("enc_s32", 16000, 1)]
    [InlineData("enc_f32", 48000, 2)]
    [InlineData("enc_f64", 8000, 1)]
    [InlineData("enc_wavex_s16", 16000, 3)]
    [InlineData("enc_wavex_f32", 32000, 2)]
    public void SoundfileWrittenFilesReadExactlyAsSoundfileReadsThem(string name, int rate, int channels)
    {
        var clip = WavReader.Read(AudioFixtures.Path(name + ".wav"));
        var expected = Npy.Read(AudioFixtures.Path(name + ".npy")).Data;
        Assert.Equal(rate, clip.SampleRate);
        Assert.Equal(channels, clip.SourceChannels);
        Assert.Equal(expected, clip.Samples);
    }

    [Fact]
    public void SixteenBitMonoIsTheSampleOver32768AtEveryLength()
    {
        // The mono 16-bit path runs eight samples at a time in blocks of 32768 frames; these lengths end every way
        // a vector and a block can, and the values include both extremes.
        var rng = new Random(11);
        foreach (var n in Enumerable.Range(1, 41).Concat([32767, 32768, 32769, 65543]))
        {
            var values = Enumerable.Range(0, n).Select(i => i switch { 0 => short.MinValue, 1 => short.MaxValue, _ => (short)rng.Next(short.MinValue, short.MaxValue + 1) }).ToArray();
            var clip = Read(new TestWav(), TestWav.Int16s(values));
            Assert.Equal(values.Select(v => v / 32768.0).ToArray(), clip.Samples);
        }
    }

    [Fact]
    public void SixteenBitStereoKeepsChannelZero()
    {
        short[] interleaved = [1, -1, -32768, 5, 32767, 7, 12, 9, -3, 11];
        var clip = Read(new TestWav { Channels = 2 }, TestWav.Int16s(interleaved));
        Assert.Equal(interleaved.Where((_, i) => i % 2 == 0).Select(v => v / 32768.0).ToArray(), clip.Samples);
    }

    [Fact]
    public void EightBitIsUnsignedAroundOneTwentyEight()
    {
        var clip = Read(new TestWav { BitsPerSample = 8 }, [0, 128, 255, 64]);
        Assert.Equal([-1.0, 0.0, 127.0 / 128, -0.5], clip.Samples);
    }

    [Fact]
    public void SixteenBitIsDividedBy32768()
    {
        var clip = Read(new TestWav(), TestWav.Int16s(short.MinValue, -1, 0, 1, short.MaxValue));
        Assert.Equal([-1.0, -1.0 / 32768, 0.0, 1.0 / 32768, 32767.0 / 32768], clip.Samples);
    }

    [Fact]
    public void TwentyFourBitIsDividedBy2To23()
    {
        var clip = Read(new TestWav { BitsPerSample = 24 }, TestWav.Int24s(-8388608, -1, 0, 1, 8388607));
        Assert.Equal([-1.0, -1.0 / 8388608, 0.0, 1.0 / 8388608, 8388607.0 / 8388608], clip.Samples);
    }

    [Fact]
    public void ThirtyTwoBitIsDividedBy2To31()
    {
        var clip = Read(new TestWav { BitsPerSample = 32 }, TestWav.Int32s(int.MinValue, -1, 0, 1, int.MaxValue));
        Assert.Equal([-1.0, -1.0 / 2147483648, 0.0, 1.0 / 2147483648, 2147483647.0 / 2147483648], clip.Samples);
    }

    [Fact]
    public void FloatSamplesAreKeptAsTheyAre()
    {
        var single = Read(new TestWav { FormatTag = TestWav.Float, BitsPerSample = 32 }, TestWav.Floats(0.1f, -2.5f, 1e-30f));
        Assert.Equal([0.1f, -2.5, 1e-30f], single.Samples);
        var dual = Read(new TestWav { FormatTag = TestWav.Float, BitsPerSample = 64 }, TestWav.Doubles(0.1, -2.5, 1e-300));
        Assert.Equal([0.1, -2.5, 1e-300], dual.Samples);
    }

    [Fact]
    public void ExtensibleFormatUsesItsSubFormat()
    {
        var pcm = Read(new TestWav { FormatTag = TestWav.Extensible, SubFormat = TestWav.Pcm, BitsPerSample = 24 }, TestWav.Int24s(4194304, -4194304));
        Assert.Equal([0.5, -0.5], pcm.Samples);
        var single = Read(new TestWav { FormatTag = TestWav.Extensible, SubFormat = TestWav.Float, BitsPerSample = 32 }, TestWav.Floats(0.25f));
        Assert.Equal([0.25], single.Samples);
    }

    [Fact]
    public void TwentyFourBitsInThirtyTwoBitContainersAreLeftJustified()
    {
        var format = new TestWav { FormatTag = TestWav.Extensible, SubFormat = TestWav.Pcm, BitsPerSample = 24, BlockAlign = 4 };
        var clip = Read(format, TestWav.Int32s(4194304 << 8, -1 << 8));
        Assert.Equal([0.5, -1.0 / 8388608], clip.Samples);
    }

    [Fact]
    public void StereoAndMultichannelKeepChannelZero()
    {
        var stereo = Read(new TestWav { Channels = 2 }, TestWav.Int16s(1000, -7, 2000, -7, 3000, -7));
        Assert.Equal(2, stereo.SourceChannels);
        Assert.Equal([1000.0 / 32768, 2000.0 / 32768, 3000.0 / 32768], stereo.Samples);
        var six = Read(new TestWav { Channels = 6, FormatTag = TestWav.Float, BitsPerSample = 32 }, TestWav.Floats(0.5f, 1, 1, 1, 1, 1, -0.5f, 1, 1, 1, 1, 1));
        Assert.Equal(6, six.SourceChannels);
        Assert.Equal([0.5, -0.5], six.Samples);
    }

    [Fact]
    public void UnknownChunksAndOddPaddingAreSkipped()
    {
        var format = new TestWav
        {
            ChunksBeforeData = [("LIST", Encoding.ASCII.GetBytes("INFOISFT\x05\0\0\0abcde")), ("junk", new byte[3])],
            ChunksAfterData = [("id3 ", new byte[7])],
        };
        var clip = Read(format, TestWav.Int16s(16384, -16384, 8192));
        Assert.Equal([0.5, -0.5, 0.25], clip.Samples);
    }

    [Fact]
    public void StreamingHeadersReadToTheEndOfTheFile()
    {
        var unknown = Read(new TestWav { DataSize = 0xFFFFFFFF, RiffSize = 0xFFFFFFFF }, TestWav.Int16s(16384, 8192));
        Assert.Equal([0.5, 0.25], unknown.Samples);
        var zero = Read(new TestWav { DataSize = 0, RiffSize = 0 }, TestWav.Int16s(16384, 8192));
        Assert.Equal([0.5, 0.25], zero.Samples);
    }

    [Fact]
    public void Rf64IsRead()
    {
        var clip = Read(new TestWav { Rf64 = true }, TestWav.Int16s(16384, 8192, -8192));
        Assert.Equal([0.5, 0.25, -0.25], clip.Samples);
    }

    [Fact]
    public void TrailingPartialFrameIsIgnored()
    {
        var data = TestWav.Int16s(16384, 1, 8192, 1).Concat(new byte[] { 9, 9 }).ToArray();
        var clip = Read(new TestWav { Channels = 2 }, data);
        Assert.Equal([0.5, 0.25], clip.Samples);
    }

    [Fact]
    public void SilenceIsValidAndSaysSo()
    {
        var silent = Read(new TestWav(), new byte[64]);
        Assert.True(silent.IsSilent);
        Assert.Equal(0.0, silent.Peak);
        var quiet = Read(new TestWav(), TestWav.Int16s(0, -3, 0));
        Assert.False(quiet.IsSilent);
        Assert.Equal(3.0 / 32768, quiet.Peak);
    }

    [Fact]
    public void GoldenClipsHaveTheirRateLengthAndChannels()
    {
        var stereo = WavReader.Read(AudioFixtures.Path("float32_stereo.wav"));
        Assert.Equal((16000, 2, 24000), (stereo.SampleRate, stereo.SourceChannels, stereo.Samples.Length));
        var tenSeconds = WavReader.Read(AudioFixtures.Path("pcm16_10s.wav"));
        Assert.Equal(10.0, tenSeconds.DurationSeconds);
        Assert.True(WavReader.Read(AudioFixtures.Path("silent.wav")).IsSilent);
        Assert.True(WavReader.Read(AudioFixtures.Path("loud_float32.wav")).Peak > 2.0);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        AssertProblem(Temp("nowhere.wav"), "file not found");
    }

    [Fact]
    public void FolderIsNamed()
    {
        AssertProblem(folder, "is a folder");
    }

    [Fact]
    public void EmptyFileIsNotAWav()
    {
        File.WriteAllBytes(Temp("empty.wav"), []);
        AssertProblem(Temp("empty.wav"), "empty file");
    }

    [Fact]
    public void Mp3IsRecognisedAndRefused()
    {
        File.WriteAllBytes(Temp("song.wav"), [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x64]);
        AssertProblem(Temp("song.wav"), "not a WAV file (it looks like MP3 audio)");
        File.WriteAllBytes(Temp("frame.wav"), [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        AssertProblem(Temp("frame.wav"), "MP3 audio");
    }

    [Fact]
    public void TextIsRecognisedAndRefused()
    {
        File.WriteAllText(Temp("notes.wav"), "these are not the samples you are looking for\n");
        AssertProblem(Temp("notes.wav"), "not a WAV file (it looks like a text file)");
    }

    [Fact]
    public void OtherRiffFormsAreRefused()
    {
        var bytes = new TestWav().Build(TestWav.Int16s(1, 2));
        Encoding.ASCII.GetBytes("AVI ").CopyTo(bytes, 8);
        File.WriteAllBytes(Temp("movie.wav"), bytes);
        AssertProblem(Temp("movie.wav"), "not WAVE audio");
    }

    [Fact]
    public void TruncatedAudioIsRefused()
    {
        new TestWav { DataSize = 4000 }.Write(Temp("cut.wav"), TestWav.Int16s(1, 2, 3));
        var problem = AssertProblem(Temp("cut.wav"), "truncated WAV file");
        Assert.Contains("4000 bytes", problem);
        var header = new TestWav().Build(TestWav.Int16s(1, 2))[..30];
        File.WriteAllBytes(Temp("header.wav"), header);
        AssertProblem(Temp("header.wav"), "truncated WAV file");
        File.WriteAllBytes(Temp("riff.wav"), Encoding.ASCII.GetBytes("RIFF\x10\0\0\0WA"));
        AssertProblem(Temp("riff.wav"), "truncated WAV file");
    }

    [Theory]
    [InlineData((ushort)0x0007, 8, "mu-law")]
    [InlineData((ushort)0x0006, 8, "A-law")]
    [InlineData((ushort)0x0002, 4, "Microsoft ADPCM")]
    [InlineData((ushort)0x0055, 16, "MP3")]
    [InlineData((ushort)0x1234, 16, "format tag 0x1234")]
    public void UnsupportedCodecsAreNamed(ushort tag, int bits, string name)
    {
        new TestWav { FormatTag = tag, BitsPerSample = bits, BlockAlign = 2 }.Write(Temp("codec.wav"), new byte[16]);
        var problem = AssertProblem(Temp("codec.wav"), "unsupported WAV encoding");
        Assert.Contains(name, problem);
    }

    [Fact]
    public void UnsupportedSampleWidthsAreNamed()
    {
        new TestWav { FormatTag = TestWav.Float, BitsPerSample = 16 }.Write(Temp("half.wav"), new byte[16]);
        AssertProblem(Temp("half.wav"), "unsupported WAV encoding: 16-bit float");
        new TestWav { BitsPerSample = 48, BlockAlign = 6 }.Write(Temp("wide.wav"), new byte[12]);
        AssertProblem(Temp("wide.wav"), "unsupported WAV encoding: 48-bit PCM");
    }

    [Fact]
    public void NoSamplesIsSaidInWords()
    {
        new TestWav().Write(Temp("none.wav"), []);
        AssertProblem(Temp("none.wav"), "contains no audio samples");
        new TestWav { Channels = 2 }.Write(Temp("half-frame.wav"), TestWav.Int16s(5));
        AssertProblem(Temp("half-frame.wav"), "contains no audio samples");
        var noData = new TestWav().Build([])[..36];
        File.WriteAllBytes(Temp("no-data.wav"), noData);
        AssertProblem(Temp("no-data.wav"), "contains no audio samples");
    }

    [Fact]
    public void NonFiniteFloatSamplesAreRefused()
    {
        new TestWav { FormatTag = TestWav.Float, BitsPerSample = 32 }.Write(Temp("nan.wav"), TestWav.Floats(0.5f, float.NaN));
        AssertProblem(Temp("nan.wav"), "sample 1 of channel 0 is NaN");
    }

    [Fact]
    public void BlockSizeThatDoesNotFitIsRefused()
    {
        new TestWav { Channels = 2, BlockAlign = 3 }.Write(Temp("odd.wav"), new byte[12]);
        AssertProblem(Temp("odd.wav"), "block size 3");
    }

    private AudioClip Read(TestWav format, byte[] data)
    {
        var path = format.Write(Temp($"{Guid.NewGuid():N}.wav"), data);
        var clip = WavReader.Read(path);
        Assert.Equal(path, clip.Source);
        Assert.Equal(format.SampleRate, clip.SampleRate);
        return clip;
    }

    private static string AssertProblem(string path, string expected)
    {
        var error = Assert.Throws<InputException>(() => WavReader.Read(path));
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }
}
