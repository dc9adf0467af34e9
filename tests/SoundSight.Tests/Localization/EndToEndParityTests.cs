using System.Security.Cryptography;
using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Media;
using SoundSight.Models;
using SoundSight.Tests.Cli;
using Xunit.Abstractions;

namespace SoundSight.Tests.Localization;

/// <summary>
/// The official checkpoint of the end-to-end parity set (tools/golden/localize_fixtures.py --parity-out), rebuilt
/// from its seed into a temporary .pth.tar, proven tensor for tensor equal to what the authors' AVENet saved, and
/// shared by the tests (building and hashing it takes a few seconds).
/// </summary>
public sealed class ParityCheckpoint : IDisposable
{
    public ParityCheckpoint()
    {
        Fixture = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "checkpoint.json"))).RootElement.Clone();
        Directory = System.IO.Directory.CreateTempSubdirectory("soundsight-parity-").FullName;
        Path_ = System.IO.Path.Combine(Directory, "official_seeded.pth.tar");
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, Fixture.GetProperty("seed").GetUInt64());
        // AVENet has no projection heads: the file holds exactly its 248 tensors.
        CheckpointWriter.Save(model, Path_, includeProjections: false);
    }

    public static string Folder { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Parity");

    public JsonElement Fixture { get; }

    public string Directory { get; }

    public string Path_ { get; }

    public string[] Pictures => Fixture.GetProperty("pictures").EnumerateArray().Select(p => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", p.GetString()!)).ToArray();

    public string[] Sounds => Fixture.GetProperty("sounds").EnumerateArray().Select(p => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", p.GetString()!)).ToArray();

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// End to end against the official code: a checkpoint the authors' AVENet wrote (deterministic weights and
/// BatchNorm statistics), 5 pictures (JPEG colour and grey, PNG with alpha, PNG at 224, a 90 x 500 strip) x 5 sounds
/// (PCM16 10 s, float32 stereo, PCM24, 1.3 s, silence), files in, maps out, on every backend; the raw maps of all 25
/// pairs and the evaluation maps (both upsamplings) of the 5 pairs (picture i, sound i) against the official test
/// loader + AVENet + validate_lvs. Bounds are the measured deviations with under 10x headroom.
/// </summary>
public sealed class EndToEndParityTests(ParityCheckpoint checkpoint, ITestOutputHelper output) : IClassFixture<ParityCheckpoint>
{
    // Measured on AMD EPYC (AVX-512): torch (folded or not) and ONNX, raw 6.6e-7, evaluation maps 1.4e-5 (the
    // normalisation stretches each map's range to [0, 1]); bounds under 10x that for other CPUs' kernels.
    public const double RawBound = 5e-6;
    public const double EvaluationBound = 1e-4;

    // The Winograd path, one sound at a time: measured raw 5.4e-7, evaluation maps 1.25e-5 (LocalizerGoldenTests),
    // the same bounds. A picture's sounds as one batch (2 suffice) measured 2.9e-3 raw and 5.0e-2
    // on the evaluation maps on 2026-12-04: a defect, which the batched row reports until it is fixed.
    public const double WinogradRawBound = RawBound;
    public const double WinogradEvaluationBound = EvaluationBound;

    private static readonly NpyArray OfficialRaw = Npy.Read(Path.Combine(ParityCheckpoint.Folder, "raw.npy"));
    private static readonly NpyArray OfficialAligned = Npy.Read(Path.Combine(ParityCheckpoint.Folder, "align_corners.npy"));
    private static readonly NpyArray OfficialHalf = Npy.Read(Path.Combine(ParityCheckpoint.Folder, "half_pixel.npy"));

    [Fact]
    public void CheckpointHoldsExactlyWhatTheOfficialModelSaved()
    {
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        var report = CheckpointLoader.Load(model, checkpoint.Path_, SoundLocalizationModel.ProjectionPrefixes);
        Assert.NotNull(report);
        var ours = model.state_dict().Where(kv => !SoundLocalizationModel.ProjectionPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var official = checkpoint.Fixture.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(official.Select(t => t.GetProperty("name").GetString()!).Order(), ours.Keys.Order());
        foreach (var t in official)
        {
            var name = t.GetProperty("name").GetString()!;
            var tensor = ours[name].contiguous();
            Assert.Equal(t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), tensor.shape);
            var bytes = tensor.dtype == TorchSharp.torch.ScalarType.Int64
                ? tensor.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray()
                : tensor.data<float>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
            Assert.True(t.GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)), $"{name}: the tensor differs from the official one");
        }
    }

    /// <summary>Backend, BatchNorm folded, and whether each picture's five sounds go through the model as one batch.</summary>
    public static TheoryData<InferenceBackend, bool, bool> Backends() => new()
    {
        { InferenceBackend.Torch, true, true },
        { InferenceBackend.Torch, false, true },
        { InferenceBackend.Onnx, true, true },
        { InferenceBackend.Winograd, true, false },
        { InferenceBackend.Winograd, true, true },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void MapsEqualTheOfficialOnesOnEveryBackend(InferenceBackend backend, bool fold, bool batched)
    {
        using var localizer = Localizer.FromCheckpoint(checkpoint.Path_, new LocalizerOptions { Backend = backend, FoldBatchNorm = fold }, out _);
        var sounds = checkpoint.Sounds.Select(AudioLoader.Load).ToArray();
        var pictures = checkpoint.Pictures;
        double worstRaw = 0, worstAligned = 0, worstHalf = 0;
        var failures = new List<string>();
        var (rawBound, evaluationBound) = Bounds(backend);
        for (var i = 0; i < pictures.Length; i++)
        {
            var picture = new ImageDecoder().Decode(pictures[i]);
            var results = batched ? localizer.Localize(picture, sounds) : sounds.Select(sound => localizer.Localize(picture, [sound])[0]).ToList();
            for (var j = 0; j < sounds.Length; j++)
            {
                var pair = $"{Path.GetFileName(pictures[i])} + {Path.GetFileName(checkpoint.Sounds[j])}";
                var raw = MaxAbs(results[j].RawMap, OfficialRaw.Data, ((i * sounds.Length) + j) * 196);
                worstRaw = Math.Max(worstRaw, raw);
                output.WriteLine($"{pair}: raw {raw:E2}");
                if (!(raw <= rawBound))
                {
                    failures.Add($"{backend}: {pair}: raw map {raw:E2} from the official one");
                }
                if (i == j)
                {
                    var aligned = MaxAbs(results[j].EvaluationMap, OfficialAligned.Data, i * 224 * 224);
                    var halfMap = MapNormalization.OfficialPrediction(MapUpsampler.Upsample(results[j].RawMap, 14, 14, 224, 224, UpsampleMode.HalfPixel));
                    var half = MaxAbs(halfMap, OfficialHalf.Data, i * 224 * 224);
                    worstAligned = Math.Max(worstAligned, aligned);
                    worstHalf = Math.Max(worstHalf, half);
                    if (!(aligned <= evaluationBound && half <= evaluationBound))
                    {
                        failures.Add($"{backend}: {pair}: evaluation maps {aligned:E2} (align-corners), {half:E2} (half-pixel) from the official ones");
                    }
                }
            }
        }
        output.WriteLine($"{backend} (fold {fold}, batched {batched}): raw {worstRaw:E2}, align-corners {worstAligned:E2}, half-pixel {worstHalf:E2}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The bounds of a backend: the Winograd path rounds differently (see <see cref="WinogradRawBound"/>).</summary>
    public static (double Raw, double Evaluation) Bounds(InferenceBackend backend) =>
        backend == InferenceBackend.Winograd ? (WinogradRawBound, WinogradEvaluationBound) : (RawBound, EvaluationBound);

    [Fact]
    public void LocalizeCommandWritesTheOfficialMaps()
    {
        // Files in, files out, as a user runs it: picture 0 with all five sounds. The backends' parity is the theory
        // above; ONNX here, which every CPU runs, so that this test is about the files.
        var output_ = Path.Combine(checkpoint.Directory, "cli");
        var args = new List<string> { "localize", "--checkpoint", checkpoint.Path_, "--image", checkpoint.Pictures[0], "--out", output_, "--backend", "onnx" };
        foreach (var s in checkpoint.Sounds)
        {
            args.AddRange(["--audio", s]);
        }
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var (rawBound, evaluationBound) = Bounds(InferenceBackend.Onnx);
        var stem = Path.GetFileNameWithoutExtension(checkpoint.Pictures[0]);
        for (var j = 0; j < checkpoint.Sounds.Length; j++)
        {
            var name = $"{stem}__{Path.GetFileNameWithoutExtension(checkpoint.Sounds[j])}";
            var raw = Npy.Read(Path.Combine(output_, name + ".raw.npy"));
            var worst = MaxAbs(raw.Data.Select(v => (float)v).ToArray(), OfficialRaw.Data, j * 196);
            output.WriteLine($"cli: {name}.raw.npy {worst:E2}");
            Assert.True(worst <= rawBound, $"{name}.raw.npy: {worst:E2} from the official map");
        }
        var evaluation = Npy.Read(Path.Combine(output_, $"{stem}__{Path.GetFileNameWithoutExtension(checkpoint.Sounds[0])}.npy"));
        var e = MaxAbs(evaluation.Data.Select(v => (float)v).ToArray(), OfficialAligned.Data, 0);
        output.WriteLine($"cli: evaluation map {e:E2}");
        Assert.True(e <= evaluationBound, $"evaluation map {e:E2} from the official one");
    }

    private static double MaxAbs(float[] ours, double[] official, int offset)
    {
        var worst = 0.0;
        for (var k = 0; k < ours.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(ours[k] - official[offset + k]));
        }
        return worst;
    }
}
