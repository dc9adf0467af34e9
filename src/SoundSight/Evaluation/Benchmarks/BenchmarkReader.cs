using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Benchmarks;

/// <summary>Reads any benchmark's annotations into entries (the one entry point the CLI uses).</summary>
public static class BenchmarkReader
{
    /// <param name="subset">VGG-SS: a clip list (ours_vggss.txt, heard/unheard csv); Flickr: an id list (flickr_test.csv).</param>
    public static BenchmarkSet Read(BenchmarkPreset preset, string annotations, string? subset = null) => preset.Kind switch
    {
        BenchmarkKind.VggSs => VggSoundSourceReader.Read(preset, annotations, subset),
        BenchmarkKind.Flickr => FlickrReader.Read(preset, annotations, subset),
        _ => subset is null
            ? BoxJsonReader.Read(preset, annotations)
            : throw new IO.InputException(subset, $"{IO.Setting.Mention(IO.Setting.Subset)} applies to vggss and flickr, not {preset.Name}"),
    };
}
