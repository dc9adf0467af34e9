using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.Maps;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// Every benchmark's preset against what the official test path does for that --testset (fixture
/// tools/golden/preset_fixtures.py): the clip and window datasets_lvs cuts, the upsampling test.py::validate_lvs
/// applies and the ground-truth rule of bbox2gtmap.
/// </summary>
public sealed class BenchmarkPresetsGoldenTests
{
    private static readonly JsonElement Table =
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Presets", "presets.json"))).RootElement.Clone();

    public static TheoryData<string> Benchmarks() => new(BenchmarkPresets.Names);

    [Fact]
    public void EveryOfficialTestsetHasAPresetAndNoOther() =>
        Assert.Equal(Table.EnumerateObject().Select(p => p.Name).Order(), BenchmarkPresets.Names.Order());

    [Theory]
    [MemberData(nameof(Benchmarks))]
    public void PresetIsTheOfficialBranch(string name)
    {
        var preset = BenchmarkPresets.Get(name);
        var official = Table.GetProperty(name);
        var upsample = official.GetProperty("upsample").GetString() switch
        {
            "align-corners" => UpsampleMode.AlignCorners,
            "half-pixel" => UpsampleMode.HalfPixel,
            var other => throw new InvalidDataException(other),
        };
        var rule = official.GetProperty("ground_truth").GetString() switch
        {
            "union" => GroundTruthRule.Union,
            "consensus" => GroundTruthRule.AnnotatorConsensus,
            var other => throw new InvalidDataException(other),
        };
        Assert.Equal(upsample, preset.Upsample);
        Assert.Equal(rule, preset.Rule);
        Assert.Equal(official.GetProperty("clip_seconds").GetDouble(), preset.Window.ClipSeconds);
        Assert.Equal(official.GetProperty("start_seconds").GetDouble(), preset.Window.StartSeconds);
        Assert.Equal(official.GetProperty("end_seconds").GetDouble(), preset.Window.EndSeconds);
    }
}
