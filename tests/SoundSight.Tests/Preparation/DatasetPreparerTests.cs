using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Preparation;
using SoundSight.Tests.Media;

namespace SoundSight.Tests.Preparation;

/// <summary>`prepare` as a library, on small videos ffmpeg makes: several codecs, rates, layouts, and every failure reason.</summary>
public sealed class DatasetPreparerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"prepare-{Guid.NewGuid():N}");

    public DatasetPreparerTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, "in", name);

    private string Out => Path.Combine(_dir, "out");

    [Fact]
    public void VariedVideosBecomeFramesAndSixteenKilohertzClips()
    {
        // H.264 + AAC stereo 44.1 kHz, named as a downloaded VGGSound clip (the file is the clip: start 0).
        TestMedia.Make(In("abcdefghijk_000007.mp4"), [.. TestMedia.Picture(10, "96x64", 25), "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=10", "-ac", "2", "-pix_fmt", "yuv420p", "-shortest"]);
        // The full video of a VGGSound clip: 16 s, the tone changes at 5 s; the clip (start 5) must hear only the second tone.
        TestMedia.Make(In("qwertyuiopa_000005.mkv"), [.. TestMedia.Picture(16), "-f", "lavfi", "-i", "aevalsrc=if(lt(t\\,5)\\,sin(2*PI*300*t)\\,sin(2*PI*1000*t)):s=22050:d=16", "-c:v", "mpeg4", "-shortest"]);
        // Odd size, lossless codec, 8 kHz mono PCM, a name with spaces and unicode.
        TestMedia.Make(In("odd size é ü.mkv"), [.. TestMedia.Picture(10, "65x47", 5, "testsrc"), .. TestMedia.Sine(10, 8000), "-c:v", "ffv1", "-c:a", "pcm_s16le", "-shortest"]);
        // Variable frame rate (frames 20-40 dropped) and 5.1 sound at 48 kHz.
        TestMedia.Make(In("vfr 5.1.mkv"), [.. TestMedia.Picture(10, "64x48", 10), "-f", "lavfi", "-i", "aevalsrc=sin(2*PI*440*t)|0|0|0|0|0:s=48000:c=5.1:d=10",
            "-vf", "select=not(between(n\\,20\\,40))", "-fps_mode", "vfr", "-c:v", "mpeg4", "-c:a", "flac", "-shortest"]);
        // Rotation metadata: the frame comes out upright (48 wide, 64 high).
        var plain = TestMedia.Make(Path.Combine(_dir, "plain.mp4"), [.. TestMedia.Picture(10, "64x48"), .. TestMedia.Sine(10), "-pix_fmt", "yuv420p", "-shortest"]);
        TestMedia.Make(In("rotated.mp4"), "-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90");

        var items = SourceScanner.Scan(Path.Combine(_dir, "in"), null);
        var report = new DatasetPreparer(Out, OutputLayout.VggSound, new PrepareSettings()).Run(items, workers: 2);

        Assert.Empty(report.Failed);
        Assert.Equal(5, report.Done);
        var set = TrainingSet.Load(Out);
        Assert.Equal(["abcdefghijk_7000_17000", "odd size é ü", "qwertyuiopa_5000_15000", "rotated", "vfr 5.1"], set.Select(i => i.Id).Order(StringComparer.Ordinal));
        var decoder = new ImageDecoder();
        foreach (var item in set)
        {
            var clip = WavReader.Read(item.AudioPath);
            Assert.Equal(16000, clip.SampleRate);
            Assert.Equal(1, clip.SourceChannels);
            Assert.Equal(160000, clip.Samples.Length);
            Assert.False(clip.IsSilent, item.Id);
            var frame = decoder.Decode(item.ImagePath);
            Assert.True(frame.Width > 0);
        }
        Assert.Equal((96, 64), Size(decoder, VggSoundLayout.ImagePath(Out, "abcdefghijk_7000_17000")));
        Assert.Equal((65, 47), Size(decoder, VggSoundLayout.ImagePath(Out, "odd size é ü")));
        Assert.Equal((48, 64), Size(decoder, VggSoundLayout.ImagePath(Out, "rotated")));

        var cut = WavReader.Read(VggSoundLayout.AudioPath(Out, "qwertyuiopa_5000_15000")).Samples;
        Assert.True(TestMedia.Power(cut, 16000, 1000) > 1000 * TestMedia.Power(cut, 16000, 300));
        var entries = File.ReadAllLines(Path.Combine(Out, DatasetPreparer.ManifestFileName));
        Assert.Contains(entries, l => l.StartsWith("qwertyuiopa_5000_15000,") && l.EndsWith(",5"));

        // The frame is the one at 5.0 s of the clip (10.0 s of the full video): closest to what ffmpeg shows there.
        var reader = new VideoFrameReader();
        var written = decoder.Decode(VggSoundLayout.ImagePath(Out, "qwertyuiopa_5000_15000"));
        Assert.True(Difference(written, reader.ReadFrame(In("qwertyuiopa_000005.mkv"), 10.0)) < Difference(written, reader.ReadFrame(In("qwertyuiopa_000005.mkv"), 5.0)));
        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void FailuresAreReportedWithTheirReasonAndLeaveNothingBehind()
    {
        TestMedia.Make(In("good.mp4"), [.. TestMedia.Picture(10), .. TestMedia.Sine(10), "-pix_fmt", "yuv420p", "-shortest"]);
        TestMedia.Make(In("no sound.mp4"), [.. TestMedia.Picture(10), "-pix_fmt", "yuv420p"]);
        TestMedia.Make(In("only sound.wav"), TestMedia.Sine(10, 16000));
        TestMedia.Make(In("short.mp4"), [.. TestMedia.Picture(6), .. TestMedia.Sine(6), "-pix_fmt", "yuv420p", "-shortest"]);
        var whole = TestMedia.Make(Path.Combine(_dir, "whole.mp4"), [.. TestMedia.Picture(10), .. TestMedia.Sine(10), "-pix_fmt", "yuv420p", "-shortest"]);
        File.WriteAllBytes(In("cut container.mp4"), File.ReadAllBytes(whole)[..4000]); // no moov atom
        var stream = TestMedia.Make(Path.Combine(_dir, "whole.mkv"), [.. TestMedia.Picture(10), .. TestMedia.Sine(10), "-c:v", "mpeg4", "-shortest"]);
        var bytes = File.ReadAllBytes(stream);
        File.WriteAllBytes(In("cut stream.mkv"), bytes[..(bytes.Length / 2)]); // plays, then ends early

        var report = new DatasetPreparer(Out, OutputLayout.Manifest, new PrepareSettings()).Run(SourceScanner.Scan(Path.Combine(_dir, "in"), null), workers: 2);

        Assert.Equal(1, report.Done);
        var reasons = report.Failed.ToDictionary(f => f.Id, f => f.Reason);
        Assert.Equal("no audio stream", reasons["no sound"]);
        Assert.Equal("no video stream", reasons["only sound"]);
        Assert.Equal("shorter than the window", reasons["short"]);
        Assert.Equal("corrupt container", reasons["cut container"]);
        Assert.Equal("shorter than the window", reasons["cut stream"]);
        Assert.Contains("s of sound from 0 s", report.Failed.Single(f => f.Id == "cut stream").Detail);
        Assert.Equal(["good"], TrainingSet.Load(Path.Combine(Out, DatasetPreparer.ManifestFileName)).Select(i => i.Id));
        Assert.Equal(["good.jpg"], Directory.GetFiles(Path.Combine(Out, "images")).Select(Path.GetFileName));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(Out, DatasetPreparer.FailedFileName)).Length);
    }

    [Fact]
    public void FlickrDownloadPairsBecomeTheOfficialTestLayoutAndCheckFindsWhatIsMissing()
    {
        // The annotated Flickr-SoundNet download keeps a picture and its sound per id (SSLalignment issue #4).
        Directory.CreateDirectory(In(Path.Combine("Data", "0")));
        TestMedia.Make(In(Path.Combine("Data", "0", "10000130166.jpg")), [.. TestMedia.Picture(1, "80x60"), "-frames:v", "1"]);
        TestMedia.Make(In(Path.Combine("Data", "0", "10000130166.mp3")), TestMedia.Sine(20, 22050));
        var picture = File.ReadAllBytes(In(Path.Combine("Data", "0", "10000130166.jpg")));
        var ex = Assert.Throws<InputException>(() => DataRootChecker.DetectLayout(Path.Combine(_dir, "in")));
        Assert.Contains("issue #4", ex.Message);

        var report = new DatasetPreparer(Out, OutputLayout.Flickr, new PrepareSettings()).Run(SourceScanner.Scan(Path.Combine(_dir, "in", "Data"), null), workers: 1);
        Assert.Equal(1, report.Done);
        Assert.Equal(picture, File.ReadAllBytes(FlickrLayout.ImagePath(Out, "10000130166")));
        Assert.Equal(160000, WavReader.Read(FlickrLayout.AudioPath(Out, "10000130166")).Samples.Length);

        var list = Path.Combine(_dir, "flickr_test.csv");
        File.WriteAllText(list, "10000130166,202\n10007936344,0\n");
        var check = new DataRootChecker().Check(Out, null, BenchmarkList.Load(list));
        Assert.Equal(OutputLayout.Flickr, check.Layout);
        Assert.Equal(1, check.Complete);
        Assert.Equal(["10007936344"], check.Missing);
        File.Copy(FlickrLayout.ImagePath(Out, "10000130166"), Path.Combine(FlickrLayout.FrameFolder(Out, "10000130166"), "another.jpg"));
        Assert.Contains("2 .jpg files", Assert.Single(new DataRootChecker().Check(Out, null, BenchmarkList.Load(list)).Problems));
    }

    [Fact]
    public void VggSoundNamesAndBenchmarkListsAgree()
    {
        Assert.True(VggSoundClip.TryParse("zpWuikVorYg_000032", out var key));
        Assert.Equal("zpWuikVorYg_32000_42000", key.FolderId);
        Assert.True(VggSoundClip.TryParse("zpWuikVorYg_32000_42000.wav", out var folder));
        Assert.Equal("zpWuikVorYg_000032", folder.Key);
        Assert.True(VggSoundClip.TryParse("-_abc_DEF12_7.mp4", out var shortKey));
        Assert.Equal("-_abc_DEF12_7000_17000", shortKey.FolderId);
        Assert.False(VggSoundClip.TryParse("my holiday.mp4", out _));
        Assert.False(VggSoundClip.TryParse("zpWuikVorYg_32000_45000", out _));
        var json = Path.Combine(_dir, "vggss.json");
        File.WriteAllText(json, """[{"file": "zpWuikVorYg_000032", "class": "elk bugling", "bbox": [[0.4, 0.25, 0.6, 0.75]]}]""");
        Assert.Equal(["zpWuikVorYg_32000_42000"], BenchmarkList.Load(json));
        var txt = Path.Combine(_dir, "ours_vggss.txt");
        File.WriteAllText(txt, "gklbB7TYoK4_30000_40000\n1F3_bvIT0ig_0_10000\n");
        Assert.Equal(["gklbB7TYoK4_30000_40000", "1F3_bvIT0ig_0_10000"], BenchmarkList.Load(txt));
    }

    private static (int, int) Size(ImageDecoder decoder, string path)
    {
        var image = decoder.Decode(path);
        return (image.Width, image.Height);
    }

    private static double Difference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        double sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        }
        return sum / a.Pixels.Length;
    }
}
