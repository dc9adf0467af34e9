using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Data.Compose;

/// <summary>
/// The shipped out-of-distribution test set: the kit in assets/ood (11 of the embedded kit's categories, pictured by
/// Open Clip Art Library drawings and sounded by MuseScore General, sources the embedded kit does not use; rebuilt by
/// tools/assets/build-ood.sh) composed IS3-style at the held-out settings of the caller (the demo's: 112 px, objects
/// 0.58-0.72 of the side, two sounding objects per picture). Only the kit ships (a few MB); the composed scenes are
/// made on first use and kept, since the same settings compose the same files.
/// </summary>
public static class OutOfDistributionSet
{
    public const int Scenes = 150;

    public const int TestClipsPerCategory = 2;

    public const ulong Seed = 15;

    public static string EmbeddedKit => Path.Combine(AppContext.BaseDirectory, "assets", "ood");

    public static ComposeOptions Options(int imageSize, double testMinObjectSide, double testMaxObjectSide, int scenes = Scenes) => new()
    {
        ImageSize = imageSize,
        TrainScenes = 0,
        ValidationScenes = 0,
        TestScenes = scenes,
        TestMinObjectSide = testMinObjectSide,
        TestMaxObjectSide = testMaxObjectSide,
        TestClipsPerCategory = TestClipsPerCategory,
        Seed = Seed,
    };

    /// <summary>
    /// Composes the set into <paramref name="folder"/> unless the same kit and options are there already; returns
    /// the IS3-layout test root (images/, audio_wav/, metadata/synthetic3240_bbox.json).
    /// </summary>
    public static string Compose(string kit, string folder, ComposeOptions options, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var stamp = folder + ".settings.json";
        var wanted = JsonSerializer.Serialize(new { kit = Path.GetFullPath(kit), options });
        var root = Path.Combine(folder, "test");
        if (Directory.Exists(root) && File.Exists(stamp) && File.ReadAllText(stamp) == wanted)
        {
            return root;
        }
        new DatasetComposer(AssetKit.Load(kit), options).Write(folder, overwrite: true, progress, cancel);
        AtomicFile.WriteAllText(stamp, wanted);
        return root;
    }
}
