using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Tests.Models;

namespace SoundSight.Tests.Localization;

/// <summary>The measured default backend: its cache key, the cache file, and that a forced backend is never timed.</summary>
public sealed class BackendChoiceTests : IClassFixture<GoldenModel>, IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private readonly GoldenModel _golden;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backend-choice-{Guid.NewGuid():N}");

    public BackendChoiceTests(GoldenModel golden)
    {
        _golden = golden;
        Directory.CreateDirectory(_folder);
    }

    private string CachePath => Path.Combine(_folder, "cache", "backend-choices.json");

    private static BackendChoiceKey Key(int batch = 1, int threads = 2) => new("AMD EPYC (2 cores, avx512)", "soundsight abc, torchsharp 1", "avenet", 224, 257, 299, batch, threads, true);

    private static BackendChoice Timed(params (InferenceBackend Backend, double Ms)[] medians) =>
        BackendChoice.Fastest(medians.ToDictionary(m => m.Backend, m => m.Ms), BackendChoiceSource.Measured, 1);

    [Fact]
    public void KeyNamesEveryFieldAndDiffersWhenOneDoes()
    {
        var key = Key();
        var text = key.ToString();
        foreach (var part in new[] { "cpu=AMD EPYC (2 cores, avx512)", "versions=soundsight abc, torchsharp 1", "towers=avenet", "image=224", "spectrogram=257x299", "batch=1", "threads=2", "fold=1" })
        {
            Assert.Contains(part, text);
        }
        var others = new[] { Key(batch: 8), Key(threads: 1), key with { Cpu = "Intel Xeon" }, key with { Versions = "soundsight def" }, key with { Architecture = "torchvision-resnet18" }, key with { ImageSize = 112 }, key with { Frames = 149 }, key with { FoldBatchNorm = false } };
        Assert.Equal(others.Length + 1, others.Select(k => k.ToString()).Append(text).Distinct().Count());
    }

    [Fact]
    public void KeyHereNamesThisCpuAndTheLibraries()
    {
        var here = BackendChoiceKey.Here("avenet", 224, 257, 299, 4, 2, true);
        Assert.Contains("cores", here.Cpu);
        Assert.Contains("soundsight ", here.Versions);
        Assert.Contains("torchsharp ", here.Versions);
        Assert.Contains("onnxruntime ", here.Versions);
        Assert.Equal(here.ToString(), BackendChoiceKey.Here("avenet", 224, 257, 299, 4, 2, true).ToString());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(7, 4)]
    [InlineData(8, 8)]
    [InlineData(16, 8)]
    public void BatchesShareTheChoiceOfTheirClass(int batch, int measuredAt) => Assert.Equal(measuredAt, BackendChoiceKey.BatchClass(batch));

    [Fact]
    public void TheFastestMedianWins()
    {
        var choice = Timed((InferenceBackend.Winograd, 47.4), (InferenceBackend.Onnx, 40.9), (InferenceBackend.Torch, 49.9));
        Assert.Equal(InferenceBackend.Onnx, choice.Backend);
        Assert.Contains("onnx 40.9 ms, winograd 47.4 ms, torch 49.9 ms", choice.Describe());
    }

    [Fact]
    public void CacheRoundTripsChoicesPerKey()
    {
        var cache = new BackendChoiceCache(CachePath);
        Assert.Null(cache.Find(Key()));
        Assert.True(cache.Store(Key(), Timed((InferenceBackend.Winograd, 30), (InferenceBackend.Onnx, 40))));
        Assert.True(cache.Store(Key(batch: 8), Timed((InferenceBackend.Winograd, 300), (InferenceBackend.Onnx, 250))));
        var again = new BackendChoiceCache(CachePath);
        var one = again.Find(Key())!;
        Assert.Equal(InferenceBackend.Winograd, one.Backend);
        Assert.Equal(BackendChoiceSource.Cached, one.Source);
        Assert.Equal(40, one.MedianMilliseconds[InferenceBackend.Onnx]);
        Assert.Equal(InferenceBackend.Onnx, again.Find(Key(batch: 8))!.Backend);
        Assert.Null(again.Find(Key(threads: 1)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CachePath)!, "*.tmp"));
    }

    [Theory]
    [InlineData("not json at all {")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"format\": 99, \"choices\": {}}")]
    [InlineData("{\"format\": 1, \"choices\": 5}")]
    public void CorruptCacheCountsAsAbsentAndIsRewritten(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllText(CachePath, content);
        var cache = new BackendChoiceCache(CachePath);
        Assert.Null(cache.Find(Key()));
        Assert.True(cache.Store(Key(), Timed((InferenceBackend.Torch, 10))));
        Assert.Equal(InferenceBackend.Torch, new BackendChoiceCache(CachePath).Find(Key())!.Backend);
    }

    [Theory]
    [InlineData("{\"median_ms\": {\"winograd\": -1}}")]
    [InlineData("{\"median_ms\": {\"fpga\": 3}}")]
    [InlineData("{\"median_ms\": {\"onnx\": \"fast\"}}")]
    [InlineData("{\"median_ms\": {}}")]
    [InlineData("{}")]
    [InlineData("7")]
    public void MalformedEntryCountsAsAbsent(string entry)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllText(CachePath, $"{{\"format\": 1, \"choices\": {{\"{Key()}\": {entry}}}}}");
        Assert.Null(new BackendChoiceCache(CachePath).Find(Key()));
    }

    [Fact]
    public void UnwritableCacheLeavesTheChoiceUnsaved()
    {
        // A file where the cache's folder should be: the write fails, the caller goes on.
        File.WriteAllText(Path.Combine(_folder, "cache"), "a file, not a folder");
        Assert.False(new BackendChoiceCache(CachePath).Store(Key(), Timed((InferenceBackend.Onnx, 1))));
    }

    [Fact]
    public void DefaultPathIsPerUser()
    {
        Assert.Equal(Path.Combine("/x/cache", "soundsight", "backend-choices.json"), BackendChoiceCache.DefaultPath(v => v == "XDG_CACHE_HOME" ? "/x/cache" : "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "soundsight", "backend-choices.json"), BackendChoiceCache.DefaultPath(v => v == "HOME" ? "/home/u" : null));
    }

    [Fact]
    public void EnvironmentForcesOnlyKnownBackends()
    {
        Assert.Null(Localizer.ForcedByEnvironment(null));
        Assert.Null(Localizer.ForcedByEnvironment(" auto "));
        Assert.Equal(InferenceBackend.Torch, Localizer.ForcedByEnvironment("Torch"));
        Assert.Throws<InputException>(() => Localizer.ForcedByEnvironment("gpu"));
    }

    [Fact]
    public void ForcedBackendIsNeitherTimedNorCached()
    {
        using var localizer = new Localizer(_golden.Model, new LocalizerOptions { Backend = InferenceBackend.Onnx, BackendChoiceCache = CachePath }, ownsModel: false);
        var image = new ImageDecoder().Decode(Path.Combine(Fixtures, "Imaging", "rgb_100x150.jpg"));
        var sound = AudioLoader.Load(Path.Combine(Fixtures, "Audio", "pcm16_10s.wav"));
        localizer.Localize(image, [sound]);
        localizer.LocalizePairs([(image, sound), (image, sound)]);
        Assert.Equal(BackendChoiceSource.Forced, localizer.ChoiceFor(1).Source);
        Assert.Equal(InferenceBackend.Onnx, localizer.ChoiceFor(2).Backend);
        Assert.Empty(localizer.ChoiceFor(8).MedianMilliseconds);
        Assert.False(File.Exists(CachePath));
    }

    [Fact]
    public void DefaultBackendIsMeasuredOnceThenReadFromTheCache()
    {
        // A small input keeps the timing short; the choice itself is whatever this machine measures.
        var options = new LocalizerOptions { ImageSize = 64, Window = AudioWindow.Official.Centred(0.5), BackendChoiceCache = CachePath, BackendTimingBudget = TimeSpan.Zero };
        BackendChoice measured;
        using (var first = new Localizer(_golden.Model, options, ownsModel: false))
        {
            measured = first.ChoiceFor(1);
            Assert.Equal(BackendChoiceSource.Measured, measured.Source);
            Assert.Equal(Localizer.AvailableBackends().Order(), measured.MedianMilliseconds.Keys.Order());
            Assert.Same(measured, first.ChoiceFor(1));
            var image = new ImageDecoder().Decode(Path.Combine(Fixtures, "Imaging", "rgb_100x150.jpg"));
            var sound = AudioLoader.Load(Path.Combine(Fixtures, "Audio", "pcm16_10s.wav"));
            Assert.Equal((64 / 16) * (64 / 16), first.Localize(image, [sound])[0].RawMap.Length);
        }
        Assert.True(File.Exists(CachePath));
        using var second = new Localizer(_golden.Model, options, ownsModel: false);
        var cached = second.ChoiceFor(1);
        Assert.Equal(BackendChoiceSource.Cached, cached.Source);
        Assert.Equal(measured.Backend, cached.Backend);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner.
        }
    }

    [Fact]
    public void TheTimerDoesNotChargeABackendForTheSwitchFromAnother()
    {
        // Winograd runs 2 ms, but 60 ms on the first call after another backend ran (as libtorch's thread count
        // switch made it); ONNX runs 20 ms either way. A backend used on its own runs at its steady speed.
        InferenceBackend? last = null;
        void Run(InferenceBackend backend, int steady, int afterSwitch)
        {
            Thread.Sleep(last is { } previous && previous != backend ? afterSwitch : steady);
            last = backend;
        }
        var medians = BackendTimer.MedianMilliseconds(
            [(InferenceBackend.Winograd, () => Run(InferenceBackend.Winograd, 2, 60)), (InferenceBackend.Onnx, () => Run(InferenceBackend.Onnx, 20, 20))],
            TimeSpan.Zero);
        Assert.True(medians[InferenceBackend.Winograd] < 15, $"winograd timed at {medians[InferenceBackend.Winograd]:0.0} ms");
        Assert.Equal(InferenceBackend.Winograd, BackendChoice.Fastest(medians, BackendChoiceSource.Measured, 8).Backend);
    }

    [Fact]
    public void WinogradProductsRunOnOnnxRuntimeExceptOnIntelCpus()
    {
        Assert.False(WinogradProductEngine.UsesOnnxRuntime("GenuineIntel"));
        Assert.True(WinogradProductEngine.UsesOnnxRuntime("AuthenticAMD"));
        // The CPUID vendor is the one the kernel reports.
        var reported = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        Assert.Equal(reported, WinogradProductEngine.Vendor());
    }
}
