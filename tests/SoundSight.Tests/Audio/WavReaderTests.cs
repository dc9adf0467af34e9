using System.Buffers.Binary;
using System.Text;
using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Tests.Audio;

public sealed class WavReaderTests
{
    [Fact]
    public void StereoKeepsChannelZero()
    {
        var clip = WavReader.Read(AudioFixtures.Path("float32_stereo_4s.wav"));
        Assert.Equal(2, clip.SourceChannels);
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(64000, clip.Samples.Length);
    }

    [Fact]
    public void Pcm16ScalesLikeSoundfile()
    {
        var bytes = Wav(1, 16000, 1, 16, [0x00, 0x80, 0xFF, 0x7F, 0x00, 0x40]);
        var clip = WavReader.Parse(bytes, "x.wav");
        Assert.Equal([-1.0, 32767 / 32768.0, 0.5], clip.Samples);
    }

    [Fact]
    public void Pcm24AndUnsigned8ScaleLikeSoundfile()
    {
        var clip24 = WavReader.Parse(Wav(1, 8000, 1, 24, [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F]), "x.wav");
        Assert.Equal([-1.0, 8388607 / 8388608.0], clip24.Samples);
        var clip8 = WavReader.Parse(Wav(1, 8000, 1, 8, [0, 128, 255]), "x.wav");
        Assert.Equal([-1.0, 0.0, 127 / 128.0], clip8.Samples);
    }

    [Fact]
    public void ExtensibleFloatIsRead()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(data, 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -0.5f);
        var clip = WavReader.Parse(Wav(0xFFFE, 48000, 2, 32, data, extensibleSubFormat: 3), "x.wav");
        Assert.Equal([0.25], clip.Samples);
        Assert.Equal(48000, clip.SampleRate);
    }

    [Fact]
    public void StreamingSizeZeroReadsWhatIsThere()
    {
        var bytes = Wav(1, 16000, 1, 16, [0x00, 0x40, 0x00, 0xC0]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 0);
        Assert.Equal([0.5, -0.5], WavReader.Parse(bytes, "x.wav").Samples);
    }

    [Fact]
    public void TruncatedFileIsReportedWithItsName()
    {
        var bytes = Wav(1, 16000, 1, 16, new byte[200]);
        var e = Assert.Throws<InputException>(() => WavReader.Parse(bytes.AsSpan(0, 100), "cut.wav"));
        Assert.Equal("cut.wav: truncated WAV: header declares 200 bytes of audio, the file holds 56", e.Message);
    }

    [Fact]
    public void NonWavFilesAreReported()
    {
        Assert.StartsWith("a.mp3: not a WAV file", Assert.Throws<InputException>(() => WavReader.Parse("ID3\u0004junkjunkjunk"u8, "a.mp3")).Message);
        Assert.Equal("e.wav: empty file, not a WAV", Assert.Throws<InputException>(() => WavReader.Parse([], "e.wav")).Message);
        Assert.Equal("z.wav: contains no audio samples", Assert.Throws<InputException>(() => WavReader.Parse(Wav(1, 16000, 1, 16, []), "z.wav")).Message);
        Assert.Contains("unsupported WAV encoding: mu-law", Assert.Throws<InputException>(() => WavReader.Parse(Wav(7, 8000, 1, 8, [1, 2]), "m.wav")).Message);
        Assert.Equal("nope.wav: file not found", Assert.Throws<InputException>(() => WavReader.Read("nope.wav")).Message);
    }

    [Fact]
    public void SilenceIsValidAndRecognised()
    {
        var clip = WavReader.Read(AudioFixtures.Path("silent_2s.wav"));
        Assert.True(clip.IsSilent);
    }

    internal static byte[] Wav(ushort format, int rate, int channels, int bits, byte[] data, ushort extensibleSubFormat = 0)
    {
        var fmtSize = format == 0xFFFE ? 40 : 16;
        var bytes = new byte[12 + 8 + fmtSize + 8 + data.Length];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(bytes, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), format);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), (ushort)bits);
        if (format == 0xFFFE)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(36), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(44), extensibleSubFormat);
        }
        var dataAt = 20 + fmtSize;
        Encoding.ASCII.GetBytes("data").CopyTo(bytes, dataAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(dataAt + 4), (uint)data.Length);
        data.CopyTo(bytes, dataAt + 8);
        return bytes;
    }
}
