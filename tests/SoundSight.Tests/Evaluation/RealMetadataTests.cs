using SoundSight.Evaluation;
using Xunit.Abstractions;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// Opt-in: reads the authors' real benchmark metadata (never committed) with the benchmark readers when it is on
/// this machine, at /work/shared/reference/metadata or ../shared/reference/metadata beside the checkout, and checks
/// entry and group counts and that every box lies inside the 224 x 224 map. Without the files each test is reported
/// as skipped, naming the folders it looked in.
/// </summary>
public sealed class RealMetadataTests(ITestOutputHelper output)
{
    private const int Size = BenchmarkPresets.MapSize;

    /// <summary>The metadata folder; the test is skipped (with where it looked) when it is not on this machine.</summary>
    private static string Metadata()
    {
        var candidates = new List<string> { "/work/shared/reference/metadata" };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoundSight.slnx")))
            {
                candidates.Add(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "metadata")));
                break;
            }
        }
        var found = candidates.FirstOrDefault(Directory.Exists);
        Skip.If(found is null, $"real benchmark metadata not found (looked in {string.Join(", ", candidates)})");
        return found!;
    }

    private static void AssertInside(BenchmarkSet set)
    {
        foreach (var e in set.Entries)
        {
            foreach (var b in e.Boxes)
            {
                Assert.True(b.X1 >= 0 && b.Y1 >= 0 && b.X2 <= Size && b.Y2 <= Size && b.X1 <= b.X2 && b.Y1 <= b.Y2,
                    $"{set.AnnotationsPath}: entry {e.Name} box {b} is not inside {Size} x {Size}");
            }
        }
    }

    [SkippableTheory]
    [InlineData("is3", "synthetic3240_bbox.json", 6480, 3240)]
    [InlineData("s4", "s4_box.json", 3700, -1)]
    [InlineData("ms3", "ms3_box.json", 320, -1)]
    [InlineData("vposs", "vpo_ss_bbox.json", 890, 890)]
    [InlineData("vpoms", "vpo_ms_bbox.json", 2157, 1432)]
    public void BoxSetsHaveTheirCountsAndBoxesInsideTheMap(string benchmark, string file, int entries, int groups)
    {
        var dir = Metadata();
        var set = BenchmarkReader.Read(BenchmarkPresets.Get(benchmark), Path.Combine(dir, file));
        Assert.Equal(entries, set.Entries.Count);
        if (groups > 0)
        {
            Assert.Equal(groups, set.Entries.Select(e => e.Group).Distinct().Count());
        }
        Assert.All(set.Entries, e => Assert.Null(e.MaskCandidates));
        AssertInside(set);
    }

    [SkippableFact]
    public void Is3SegmentationNamesOneMaskPerEntry()
    {
        var dir = Metadata();
        var set = BenchmarkReader.Read(BenchmarkPresets.Get("is3"), Path.Combine(dir, "synthetic3240_seg.json"));
        Assert.Equal(6480, set.Entries.Count);
        Assert.Equal(3240, set.Entries.Select(e => e.Group).Distinct().Count());
        Assert.All(set.Entries, e => Assert.NotNull(e.MaskCandidates));
    }

    [SkippableFact]
    public void VggSsReadsAllClipsAndTheOursSubset()
    {
        var dir = Metadata();
        var preset = BenchmarkPresets.Get("vggss");
        var all = BenchmarkReader.Read(preset, Path.Combine(dir, "vggss.json"));
        var ours = BenchmarkReader.Read(preset, Path.Combine(dir, "vggss.json"), Path.Combine(dir, "ours_vggss.txt"));
        output.WriteLine($"vggss.json: {all.Entries.Count} entries; with ours_vggss.txt: {ours.Entries.Count}; notes: {string.Join(" | ", all.Notes.Concat(ours.Notes))}");
        Assert.Equal(5158, all.Entries.Count);
        Assert.Equal(4655, ours.Entries.Count);
        Assert.Subset(all.Entries.Select(e => e.Name).ToHashSet(), ours.Entries.Select(e => e.Name).ToHashSet());
        AssertInside(all);
    }
}
