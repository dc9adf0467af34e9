using SoundSight.IO;
using SoundSight.Media;

namespace SoundSight.Tests.Media;

/// <summary>ffmpeg-backed media access, on small videos ffmpeg itself makes.</summary>
public sealed class MediaTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"media-{Guid.NewGuid():N}");

    public MediaTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Make(string name, params string[] args) => TestMedia.Make(Path.Combine(_dir, name), args);

    [Fact]
    public void StereoTrackGivesChannelZeroAtItsNativeRate()
    {
        var video = Make("stereo.mkv", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=22050:duration=1",
            "-filter_complex", "[1:a][2:a]join=inputs=2:channel_layout=stereo[a]", "-map", "0:v", "-map", "[a]", "-c:a", "pcm_s16le");
        var info = MediaInfo.Probe(video);
        Assert.True(info.HasVideo);
        Assert.Equal(2, info.Channels);
        var clip = AudioTrackReader.Read(video);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(2, clip.SourceChannels);
        Assert.InRange(clip.Samples.Length, 22000, 22100);
        Assert.True(Power(clip.Samples, 22050, 440) > 100 * Power(clip.Samples, 22050, 1000));
    }

    [Fact]
    public void FramesFollowTimeAndRotation()
    {
        var plain = Make("plain.mp4", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=10:duration=2", "-pix_fmt", "yuv420p");
        // ffmpeg 5 writes a rotation (display matrix) only when stream-copying.
        var video = Make("rotated.mp4", "-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90");
        var reader = new VideoFrameReader();
        var early = reader.ReadFrame(video, 0.25);
        var late = reader.ReadFrame(video, 1.55);
        Assert.Equal((64, 96), (early.Width, early.Height));
        Assert.NotEqual(early.Pixels, late.Pixels);
    }

    [Fact]
    public void BadMediaIsReportedInOneLine()
    {
        var audioOnly = Make("tone.wav", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=8000:duration=0.5");
        Assert.Equal($"{audioOnly}: has no video stream", Assert.Throws<InputException>(() => new VideoFrameReader().ReadFrame(audioOnly, 0.1)).Message);
        var video = Make("short.mp4", "-f", "lavfi", "-i", "testsrc2=size=32x32:rate=5:duration=1", "-pix_fmt", "yuv420p");
        Assert.Contains("outside the video", Assert.Throws<InputException>(() => new VideoFrameReader().ReadFrame(video, 5)).Message);
        Assert.Equal($"{video}: has no audio stream", Assert.Throws<InputException>(() => AudioTrackReader.Read(video)).Message);
        var junk = Path.Combine(_dir, "junk.mp4");
        File.WriteAllText(junk, "not a video at all");
        Assert.StartsWith($"{junk}: ffprobe cannot read it", Assert.Throws<InputException>(() => MediaInfo.Probe(junk)).Message);
    }

    [Fact]
    public void NonWavSoundGoesThroughFfmpeg()
    {
        var flac = Make("tone.flac", "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=0.5");
        var clip = AudioLoader.Load(flac);
        Assert.Equal(48000, clip.SampleRate);
        Assert.InRange(clip.Samples.Length, 23900, 24100);
    }

    private static double Power(double[] x, int rate, double frequency) => TestMedia.Power(x, rate, frequency);
}
