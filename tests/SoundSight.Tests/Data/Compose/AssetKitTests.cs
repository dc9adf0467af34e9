using SoundSight.Data.Compose;
using SoundSight.IO;
using SoundSight.Tests.Cli;

namespace SoundSight.Tests.Data.Compose;

public sealed class AssetKitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EmbeddedKitHasEveryCategoryWithPicturesAndSeveralClips()
    {
        var kit = AssetKit.Load(KitFixture.Embedded);
        Assert.InRange(kit.Categories.Count, 16, 24);
        foreach (var c in kit.Categories)
        {
            Assert.InRange(kit.Sounds[c].Count, 3, 100);
            Assert.All(kit.Sounds[c], s => Assert.True(s.Samples.Length >= 16000));
            Assert.All(kit.Objects[c], o => Assert.True(Math.Max(o.Width, o.Height) >= 100, o.Path));
        }
        Assert.Equal(18 + 12 + 3, kit.Objects["man"].Count); // Noto, EmojiOne, Symbola
        var manifest = File.ReadAllLines(Path.Combine(KitFixture.Embedded, "manifest.csv"));
        Assert.Equal(1 + kit.Objects.Values.Sum(o => o.Count) + kit.Sounds.Values.Sum(s => s.Count), manifest.Length);
    }

    /// <summary>
    /// Three artists draw the kit (docs/assets.md): every category that EmojiOne 2.2 and Symbola have is drawn by
    /// all three, so that no category is one style; the four newer instruments are Noto's alone.
    /// </summary>
    [Fact]
    public void EmbeddedKitDrawsEachCategoryByEveryArtistThatHasIt()
    {
        var rows = File.ReadAllLines(Path.Combine(KitFixture.Embedded, "manifest.csv")).Skip(1)
            .Where(l => l.Contains(",image,", StringComparison.Ordinal))
            .Select(l => (Category: l.Split(',')[2], File: l.Split(',')[0]))
            .ToList();
        Assert.Equal(193, rows.Count);
        string Artist(string file) => file.Contains("-emojione-", StringComparison.Ordinal) ? "emojione" : file.Contains("-symbola-", StringComparison.Ordinal) ? "symbola" : "noto";
        foreach (var category in rows.Select(r => r.Category).Distinct())
        {
            var artists = rows.Where(r => r.Category == category).Select(r => Artist(r.File)).Distinct().Order().ToArray();
            var expected = category is "accordion" or "banjo" or "flute" or "maracas" ? new[] { "noto" } : ["emojione", "noto", "symbola"];
            Assert.True(expected.SequenceEqual(artists), $"{category}: {string.Join(", ", artists)}");
        }
        Assert.Equal((94, 68, 31), (rows.Count(r => Artist(r.File) == "noto"), rows.Count(r => Artist(r.File) == "emojione"), rows.Count(r => Artist(r.File) == "symbola")));
    }

    [Fact]
    public void BadKitsGiveOneClearProblem()
    {
        Assert.Contains("no such asset kit", Assert.Throws<InputException>(() => AssetKit.Load(Path.Combine(_dir, "missing"))).Message);
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        Assert.Contains("not an asset kit", Assert.Throws<InputException>(() => AssetKit.Load(Path.Combine(_dir, "empty"))).Message);

        var kit = KitFixture.Small(Path.Combine(_dir, "k1"), 3, "piano", "bird");
        Directory.Delete(Path.Combine(kit, "sounds", "bird"), recursive: true);
        Assert.Contains("has pictures but no sounds/bird/", Assert.Throws<InputException>(() => AssetKit.Load(kit)).Message);

        kit = KitFixture.Small(Path.Combine(_dir, "k2"), 3, "piano");
        Directory.Move(Path.Combine(kit, "images", "piano"), Path.Combine(kit, "images", "grand_piano"));
        Directory.Move(Path.Combine(kit, "sounds", "piano"), Path.Combine(kit, "sounds", "grand_piano"));
        Assert.Contains("lower-case letters and digits", Assert.Throws<InputException>(() => AssetKit.Load(kit)).Message);

        kit = KitFixture.Small(Path.Combine(_dir, "k3"), 3, "piano");
        File.WriteAllBytes(Directory.GetFiles(Path.Combine(kit, "images", "piano"))[0], [1, 2, 3]);
        Assert.Contains("not a readable picture", Assert.Throws<InputException>(() => AssetKit.Load(kit)).Message);

        kit = KitFixture.Small(Path.Combine(_dir, "k4"), 3, "piano");
        File.WriteAllBytes(Directory.GetFiles(Path.Combine(kit, "sounds", "piano"))[0], SoundSight.Audio.WavWriter.Pcm16(new float[16000], 16000));
        Assert.Contains("silent clip", Assert.Throws<InputException>(() => AssetKit.Load(kit)).Message);
    }

    [Fact]
    public void TooFewClipsForDisjointSplitsIsAnInputError()
    {
        var kit = AssetKit.Load(KitFixture.Small(_dir, 2, "piano", "bird"));
        Assert.Contains("need at least 3 per category", Assert.Throws<InputException>(() => new DatasetComposer(kit, new ComposeOptions())).Message);
    }

    [Fact]
    public void CliReportsABadKitInOneLine()
    {
        var r = CliRunner.Run("compose", "--kit", Path.Combine(_dir, "nope"), "--out", Path.Combine(_dir, "out"));
        CliRunner.AssertOneLineError(r, "no such asset kit folder");
        var kit = KitFixture.Small(Path.Combine(_dir, "k"), 3, "piano");
        r = CliRunner.Run("compose", "--kit", kit, "--out", Path.Combine(_dir, "out"), "--train", "2", "--val", "1", "--test", "1");
        CliRunner.AssertOneLineError(r, "2 sounding objects per test scene need as many categories; there are 1");
    }
}
