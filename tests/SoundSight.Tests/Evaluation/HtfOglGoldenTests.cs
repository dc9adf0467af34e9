using System.Text.Json;
using System.Text.Json.Nodes;
using SoundSight.Checkpoints;
using SoundSight.Evaluation;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Methods;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using SoundSight.Tests.Models;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// `evaluate --method htf --ogl --ogl-torchvision` (the library call behind it) against
/// tools/golden/htf_ogl_fixtures.py: the authors' unchanged validate_htf on four IS3 entries (two pictures, two
/// sounds each), HTF maps that both sides build by the same formula, and test.py's object saliency network with the
/// formula weights of <see cref="DeterministicWeights"/>, saved here as the torchvision checkpoint evaluate reads.
/// Every per-entry IoU and threshold, plain and OGL, and every metric equal to 1e-9; the native saliency and the
/// fused OGL map each entry is scored on within 1e-5. HTF's own rules are what make the numbers: its maps read as
/// 1 - normalize(-x) in their precision and its saliency resized the cv2 way (half-pixel) on IS3, where the other
/// validators use align-corners.
/// </summary>
public sealed class HtfOglGoldenTests : IDisposable
{
    private const int Side = BenchmarkPresets.MapSize;

    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-htf-ogl-").FullName;

    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(Fixture("htf_ogl.json")))!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Htf", name);

    private static JsonArray Entries => Golden["entries"]!.AsArray();

    private static double[] Numbers(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    /// <summary>htf_ogl_fixtures.htf_map: the same float64 operations in the same order, so the same bits.</summary>
    private static void WriteHtfMap(JsonArray recipe, string path)
    {
        if (recipe[0]!.GetValue<string>() == "constant")
        {
            Npy.WriteFloat32(path, Enumerable.Repeat((float)recipe[2]!.GetValue<double>(), Side * Side).ToArray(), Side, Side);
            return;
        }
        var single = recipe[1]!.GetValue<string>() == "float32";
        var (row, col, scale) = (recipe[2]!.GetValue<long>(), recipe[3]!.GetValue<long>(), recipe[4]!.GetValue<double>());
        var (a, b, c) = (recipe[5]!.GetValue<long>(), recipe[6]!.GetValue<long>(), recipe[7]!.GetValue<long>());
        var values = new double[Side * Side];
        for (long i = 0; i < Side; i++)
        {
            for (long j = 0; j < Side; j++)
            {
                var d2 = (double)(((i - row) * (i - row)) + ((j - col) * (j - col)));
                var ramp = (((i * a) + (j * b) + c) % 10007) / 10007.0;
                values[(i * Side) + j] = (1.0 / (1.0 + (d2 / scale))) + (0.05 * ramp);
            }
        }
        if (single)
        {
            Npy.WriteFloat32(path, values.Select(v => (float)v).ToArray(), Side, Side);
        }
        else
        {
            Npy.WriteFloat64(path, values, Side, Side);
        }
    }

    /// <summary>An IS3 data root (each entry's picture under its own name, as IS3 ships it), the authors' JSON, the HTF maps, the saliency weights.</summary>
    private (string Root, string Annotations, string Maps, string Weights) MakeInputs()
    {
        var root = Path.Combine(_dir, "IS3");
        var maps = Path.Combine(_dir, "htf");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(maps);
        var annotations = new List<object>();
        foreach (var entry in Entries)
        {
            var name = entry!["name"]!.GetValue<string>();
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", entry["picture"]!.GetValue<string>()), Path.Combine(root, "images", name + ".jpg"));
            WriteHtfMap(entry["map"]!.AsArray(), Path.Combine(maps, name + ".npy"));
            annotations.Add(new { image = $"/mnt/lynx2/users/arda/synthetic3241/visual_frames/{name}.jpg", audio = $"/mnt/lynx2/users/arda/synthetic3241/audio_wav/{name}.wav", gt_box = Numbers(entry["box"]!) });
        }
        var json = Path.Combine(_dir, "synthetic3240_bbox.json");
        File.WriteAllText(json, JsonSerializer.Serialize(annotations));
        // test.py's resnet18 with the formula weights (torchvision's key names): the file evaluate --ogl-torchvision reads.
        var weights = Path.Combine(_dir, "resnet18_formula.pth");
        using (var encoder = new ResNet18Encoder(Modality.Vision, layer4Stride: 2))
        {
            DeterministicWeights.Apply(encoder, GoldenModel.Seed);
            CheckpointWriter.Save(encoder, weights);
        }
        return (root, json, maps, weights);
    }

    [Fact]
    public void EvaluateHtfWithOglGivesTheOfficialValidatorsNumbers()
    {
        var (root, annotations, maps, weights) = MakeInputs();
        var outcome = Assert.IsType<LocalizationOutcome>(BenchmarkEvaluation.Evaluate(new EvaluationRequest
        {
            Benchmark = BenchmarkReader.Read(BenchmarkPresets.Get("is3"), annotations),
            Predictions = maps,
            DataRoot = root,
            MethodName = "htf",
            OglTorchvision = weights,
        }));
        Assert.Equal("htf", outcome.Method?.Name);
        var results = outcome.Results;
        Assert.Equal(Entries.Select(e => e!["name"]!.GetValue<string>()), results.Select(r => r.Name));

        var plain = Golden["metrics"]!;
        var ogl = Golden["ogl"]!;
        AssertEach(Numbers(plain["ious"]!), results.Select(r => r.Score.Iou), "IoU");
        AssertEach(Numbers(plain["ious_adaptive"]!), results.Select(r => r.Score.IouAdaptive), "adaptive IoU");
        AssertEach(Numbers(Golden["thresholds"]!), results.Select(r => r.Score.Threshold), "threshold");
        AssertEach(Numbers(Golden["thresholds_adaptive"]!), results.Select(r => r.Score.AdaptiveThreshold), "adaptive threshold");
        AssertEach(Numbers(ogl["ious"]!), results.Select(r => r.Ogl!.Value.Iou), "OGL IoU");
        AssertEach(Numbers(ogl["ious_adaptive"]!), results.Select(r => r.Ogl!.Value.IouAdaptive), "OGL adaptive IoU");
        // The fused map's thresholds are values of a map computed through a network: within the maps' tolerance.
        AssertEach(Numbers(Golden["ogl_thresholds"]!), results.Select(r => r.Ogl!.Value.Threshold), "OGL threshold", 1e-5);
        AssertEach(Numbers(Golden["ogl_thresholds_adaptive"]!), results.Select(r => r.Ogl!.Value.AdaptiveThreshold), "OGL adaptive threshold", 1e-5);

        var m = outcome.Metrics!;
        Assert.Equal(plain["cIoU"]!.GetValue<double>(), m.CIoU, 1e-9);
        Assert.Equal(plain["AUC"]!.GetValue<double>(), m.Auc, 1e-9);
        Assert.Equal(plain["cIoU_adaptive"]!.GetValue<double>(), m.CIoUAdaptive, 1e-9);
        Assert.Equal(plain["AUC_adaptive"]!.GetValue<double>(), m.AucAdaptive, 1e-9);
        Assert.Equal(plain["IIoU"]!.GetValue<double>(), m.Interactive!.IIoU, 1e-9);
        Assert.Equal(plain["IAUC"]!.GetValue<double>(), m.Interactive.IAuc, 1e-9);
        Assert.Equal(plain["IIoU_adaptive"]!.GetValue<double>(), m.Interactive.IIoUAdaptive, 1e-9);
        Assert.Equal(plain["IAUC_adaptive"]!.GetValue<double>(), m.Interactive.IAucAdaptive, 1e-9);
        // validate_htf reports OGL's cIoU and AUC, plain and adaptive (its OGL evaluator has no picture groups).
        Assert.Equal(ogl["cIoU"]!.GetValue<double>(), m.Ogl!.CIoU, 1e-9);
        Assert.Equal(ogl["AUC"]!.GetValue<double>(), m.Ogl.Auc, 1e-9);
        Assert.Equal(ogl["cIoU_adaptive"]!.GetValue<double>(), m.Ogl.CIoUAdaptive, 1e-9);
        Assert.Equal(ogl["AUC_adaptive"]!.GetValue<double>(), m.Ogl.AucAdaptive, 1e-9);
    }

    [Fact]
    public void SaliencyAndFusedMapsMatchTheOfficialOnes()
    {
        // The steps evaluate takes per entry (EvaluationRun.LoadSaliency, LocalizationEvaluator.Score), under HTF's rules.
        var (root, _, maps, weights) = MakeInputs();
        var rules = MethodRegistry.Get("htf").Rules(BenchmarkPresets.Get("is3"));
        var expectedFused = Npy.Read(Fixture("htf_ogl_maps.npy")).ToFloat();
        var expectedNative = Golden["saliency_native"]!.AsArray();
        var dtypes = Golden["fused_dtypes"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();
        using var saliency = ObjectSaliency.FromTorchvision(weights);
        var frontEnd = new ImageFrontEnd(ObjectSaliency.Size);
        for (var k = 0; k < Entries.Count; k++)
        {
            var name = Entries[k]!["name"]!.GetValue<string>();
            var picture = new ImageDecoder().Decode(Path.Combine(root, "images", name + ".jpg"));
            var native = saliency.NativeMap(frontEnd.ToArray(picture));
            var official = Numbers(expectedNative[k]!);
            var scale = official.Max(Math.Abs);
            AssertClose(official, native.Select(v => (double)v).ToArray(), 1e-5 * scale, $"{name} native saliency");

            var upsampled = MapUpsampler.Upsample(native, 7, 7, Side, Side, rules.SaliencyUpsample, rules.Libtorch).Select(v => (double)v).ToArray();
            var prediction = HtfPredictionLoader.Load(maps, name);
            var fused = ObjectGuidedFusion.Fuse(prediction, upsampled, saliencySingle: true, rules.SaliencyNormalization);
            Assert.Equal(dtypes[k] == "float32", fused.SinglePrecision);
            AssertClose(expectedFused.AsSpan(k * Side * Side, Side * Side).ToArray().Select(v => (double)v).ToArray(), fused.Values, 1e-5, $"{name} fused OGL map");
        }
    }

    private static void AssertEach(double[] expected, IEnumerable<double> actual, string what, double tolerance = 1e-9)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"entry {i} {what}: official {expected[i]:R}, ours {values[i]:R}");
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:E3} > {tolerance:E1}");
    }
}
