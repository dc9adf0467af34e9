using System.Text.Json;
using SkiaSharp;
using SoundSight.Data;
using SoundSight.Data.Compose;
using SoundSight.IO;
using SoundSight.Tests.Cli;

namespace SoundSight.Tests.Data.Compose;

public sealed class DatasetComposerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ComposeOptions Small(int threads) => new() { ImageSize = 64, TrainScenes = 24, ValidationScenes = 6, TestScenes = 8, Threads = threads, Seed = 5 };

    [Fact]
    public void SameSeedGivesIdenticalFilesWhateverTheThreads()
    {
        var kit = AssetKit.Load(KitFixture.Small(Path.Combine(_dir, "kit")));
        new DatasetComposer(kit, Small(1)).Write(Path.Combine(_dir, "a"), overwrite: false);
        new DatasetComposer(kit, Small(3)).Write(Path.Combine(_dir, "b"), overwrite: false);
        new DatasetComposer(kit, Small(1) with { Seed = 6 }).Write(Path.Combine(_dir, "c"), overwrite: false);
        var a = Files(Path.Combine(_dir, "a"));
        Assert.Equal(a.Keys, Files(Path.Combine(_dir, "b")).Keys);
        Assert.All(a, f => Assert.Equal(f.Value, Files(Path.Combine(_dir, "b"))[f.Key]));
        var c = Files(Path.Combine(_dir, "c"));
        Assert.NotEqual(a["test/metadata/synthetic3240_bbox.json"], c.GetValueOrDefault("test/metadata/synthetic3240_bbox.json"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "a.partial")));
        Assert.Contains("already exists", Assert.Throws<InputException>(() => new DatasetComposer(kit, Small(1)).Write(Path.Combine(_dir, "a"), overwrite: false)).Message);
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void TestSetIsInTheIs3LayoutAndRoundTrips()
    {
        var kit = AssetKit.Load(KitFixture.Small(Path.Combine(_dir, "kit")));
        var summary = new DatasetComposer(kit, Small(2) with { TestSources = 3 }).Write(Path.Combine(_dir, "set"), overwrite: false);
        Assert.Equal((8, 24), summary.Splits[SplitName.Test]);
        var root = Path.Combine(_dir, "set", "test");
        var entries = Is3Layout.Read(root);
        Assert.Equal(24, entries.Count);
        foreach (var group in entries.GroupBy(e => e.Group))
        {
            Assert.Equal(3, group.Count());
            Assert.Equal(3, group.Select(e => e.Class).Distinct().Count());
            Assert.Single(group.Select(e => File.ReadAllBytes(Path.Combine(root, e.Image))).Select(Convert.ToHexString).Distinct());
            Assert.Matches(@"^[a-z0-9]+_[a-z0-9]+_[a-z0-9]+_\d{5}$", group.Key);
        }
        foreach (var e in entries)
        {
            Assert.Equal($"images/{e.Name}.jpg", e.Image);
            Assert.Equal($"audio_wav/{e.Name}.wav", e.Audio);
            Assert.Equal($"gt_segmentation/{e.Name}.png", e.Mask);
            Assert.EndsWith("_" + e.Class, e.Name);
            Assert.True(File.Exists(Path.Combine(root, e.Audio)));
            Assert.Equal(e.GtBox, MaskBox224(Path.Combine(root, e.Mask)));
        }
        var raw = File.ReadAllText(Path.Combine(root, Is3Layout.BoxFile));
        Assert.Matches(@"""gt_box"": \[\d+\.0,\d+\.0,\d+\.0,\d+\.0", raw.Replace("\n", "").Replace(" ", "").Replace("\"gt_box\":", "\"gt_box\": "));
        using var seg = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, Is3Layout.SegmentationFile)));
        Assert.All(seg.RootElement.EnumerateArray(), e => Assert.Equal(1, e.GetProperty("offset").GetInt32()));
        // The same pairs as a training manifest, which the trainer reads.
        Assert.Equal(24, TrainingSet.Load(Path.Combine(root, Is3Layout.Manifest)).Count);
    }

    [Fact]
    public void TestScenesCanHaveTheirOwnObjectSize()
    {
        var kit = AssetKit.Load(KitFixture.Small(Path.Combine(_dir, "kit")));
        // Tiny training objects, large test objects: each split's boxes follow its own range.
        new DatasetComposer(kit, Small(2) with { MinObjectSide = 0.2, MaxObjectSide = 0.3, TestMinObjectSide = 0.6, TestMaxObjectSide = 0.7 }).Write(Path.Combine(_dir, "set"), overwrite: false);
        static double LargestSide(Is3Entry e) => Math.Max(e.GtBox[2] - e.GtBox[0], e.GtBox[3] - e.GtBox[1]) / 224.0;
        var test = Is3Layout.Read(Path.Combine(_dir, "set", "test"));
        // A box is the object's visible mask, so occlusion can make it smaller than the pasted size, never larger.
        Assert.All(test, e => Assert.True(LargestSide(e) <= 0.75, $"{e.Name}: {LargestSide(e)}"));
        Assert.True(test.Average(LargestSide) >= 0.5, $"test mean {test.Average(LargestSide)}");
        var train = Is3Layout.Read(Path.Combine(_dir, "set", "train"));
        Assert.All(train, e => Assert.True(LargestSide(e) <= 0.35, $"{e.Name}: {LargestSide(e)}"));
        Assert.Contains("\"test_object_side\": \"0.6:0.7\"", File.ReadAllText(Path.Combine(_dir, "set", "compose.json")));
        Assert.Contains("\"object_scale\": \"longer-side\"", File.ReadAllText(Path.Combine(_dir, "set", "compose.json")));
    }

    [Fact]
    public void MalformedIs3FilesNameTheEntry()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "bad", "metadata")).Parent!.FullName;
        File.WriteAllText(Path.Combine(root, Is3Layout.BoxFile), "[{\"image\": \"images/a_b_1_a.jpg\", \"audio\": \"audio_wav/a_b_1_a.wav\", \"gt_box\": [1.0, 2.0, 3.0]}]");
        File.WriteAllText(Path.Combine(root, Is3Layout.SegmentationFile), "[{\"image\": \"images/a_b_1_a.jpg\", \"audio\": \"audio_wav/a_b_1_a.wav\", \"gt_box\": \"gt_segmentation/a_b_1_a.png\", \"offset\": 1}]");
        Assert.Contains("entry 0: gt_box must be 4 numbers", Assert.Throws<InputException>(() => Is3Layout.Read(root)).Message);
        File.WriteAllText(Path.Combine(root, Is3Layout.BoxFile), "{\"not\": \"a list\"}");
        Assert.Contains("not an IS3 annotation file", Assert.Throws<InputException>(() => Is3Layout.Read(root)).Message);
    }

    /// <summary>The box of a mask image's white pixels, in the 224-px frame (widened to whole pixels).</summary>
    private static int[] MaskBox224(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        int x1 = bitmap.Width, y1 = bitmap.Height, x2 = 0, y2 = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y).Red > 127)
                {
                    (x1, y1, x2, y2) = (Math.Min(x1, x), Math.Min(y1, y), Math.Max(x2, x + 1), Math.Max(y2, y + 1));
                }
            }
        }
        var (a, b, c, d) = new PixelBox(x1, y1, x2, y2).To224(bitmap.Width);
        return [a, b, c, d];
    }

    [Fact]
    public void InteractiveValidationScenesAreTestScenesPlayingTheValidationClips()
    {
        var kit = AssetKit.Load(KitFixture.Small(Path.Combine(_dir, "kit")));
        var summary = new DatasetComposer(kit, Small(2) with { InteractiveValidationScenes = 5 }).Write(Path.Combine(_dir, "set"), overwrite: false);
        Assert.Equal((5, 10), summary.Splits[SplitName.InteractiveValidation]);
        var root = Path.Combine(_dir, "set", "val-interactive");
        var entries = Is3Layout.Read(root);
        Assert.All(entries.GroupBy(e => e.Group), g => Assert.Equal(2, g.Select(e => e.Class).Distinct().Count()));
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "set", "compose.json")));
        HashSet<string> Clips(string split) => description.RootElement.GetProperty("splits").GetProperty(split).GetProperty("clips")
            .EnumerateObject().SelectMany(c => c.Value.EnumerateArray().Select(v => v.GetString()!)).ToHashSet();
        Assert.Equal(Clips("val"), Clips("val-interactive"));
        // Every sound heard there is a validation clip, none a test clip.
        string Hash(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
        var byClip = kit.Sounds.Values.SelectMany(c => c).ToDictionary(c => Path.GetRelativePath(kit.Root, c.Path).Replace('\\', '/'), c => Hash(SoundSight.Audio.WavWriter.Pcm16(c.Samples, 16000)));
        var validation = Clips("val").Select(c => byClip[c]).ToHashSet();
        Assert.All(entries, e => Assert.Contains(Hash(File.ReadAllBytes(Path.Combine(root, e.Audio))), validation));
        Assert.Empty(Clips("test").Select(c => byClip[c]).Intersect(validation));
    }

    [Fact]
    public void SplitsAreDisjointInClipsAndOptionallyInCategories()
    {
        var kit = AssetKit.Load(KitFixture.Small(Path.Combine(_dir, "kit"), 4, "piano", "bird", "drum", "man", "woman"));
        var options = Small(2) with { UnseenCategories = ["drum", "woman"], TestDistractors = 1, SnrDb = 10 };
        new DatasetComposer(kit, options).Write(Path.Combine(_dir, "set"), overwrite: false);
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "set", "compose.json")));
        var splits = description.RootElement.GetProperty("splits");
        var clips = new Dictionary<string, HashSet<string>>();
        foreach (var split in new[] { "train", "val", "test" })
        {
            clips[split] = splits.GetProperty(split).GetProperty("clips").EnumerateObject().SelectMany(c => c.Value.EnumerateArray().Select(v => v.GetString()!)).ToHashSet();
        }
        Assert.Empty(clips["train"].Intersect(clips["val"]));
        Assert.Empty(clips["train"].Intersect(clips["test"]));
        Assert.Empty(clips["val"].Intersect(clips["test"]));
        var train = TrainingSet.Load(Path.Combine(_dir, "set", "train", Is3Layout.Manifest));
        Assert.DoesNotContain(train, t => t.Class is "drum" or "woman");
        var test = Is3Layout.Read(Path.Combine(_dir, "set", "test"));
        Assert.All(test, e => Assert.Contains(e.Class, new[] { "drum", "woman" }));
    }

    [Fact]
    public void CliComposesWithProgressAndSummary()
    {
        var kit = KitFixture.Small(Path.Combine(_dir, "kit"));
        var r = CliRunner.Run("compose", "--kit", kit, "--out", Path.Combine(_dir, "cli"), "--train", "8", "--val", "2", "--test", "4", "--image-size", "64", "--unseen", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("compose [", r.Stderr);
        Assert.Contains("ETA", r.Stderr);
        Assert.Contains("test: 4 scenes, 8 entries", r.Stdout);
        r = CliRunner.Run("compose", "--kit", kit, "--out", Path.Combine(_dir, "cli"), "--train", "8");
        CliRunner.AssertOneLineError(r, "already exists");
        r = CliRunner.Run("compose", "--kit", kit, "--out", Path.Combine(_dir, "cli2"), "--object-size", "big");
        CliRunner.AssertOneLineError(r, "--object-size");
    }
}
