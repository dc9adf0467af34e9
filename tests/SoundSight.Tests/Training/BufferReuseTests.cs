using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Media;
using SoundSight.Runtime;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>
/// Training workers decode into reused arrays: what they build must not depend on what the arrays held before,
/// and the hot path must stop allocating (a fresh picture and clip per item was about 4 MB a pair).
/// </summary>
public sealed class BufferReuseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"reuse-{Guid.NewGuid():N}");

    public BufferReuseTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ARecentLengthGetsItsArrayBack()
    {
        var arrays = new ReusableArrays<byte>();
        var ten = arrays.Get(10);
        Assert.Same(ten, arrays.Get(10));
        var twenty = arrays.Get(20);
        Assert.Same(ten, arrays.Get(10));
        Assert.Same(twenty, arrays.Get(20));
        Assert.Equal(10, ten.Length);
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            arrays.Get(n);
        }
        Assert.NotSame(ten, arrays.Get(10)); // four newer lengths pushed it out
    }

    [Fact]
    public void ABatchIsTheSameWhateverWasDecodedBefore()
    {
        // Seven picture sizes and four clip lengths: more than the arrays a worker keeps, so they are both reused
        // and replaced while one worker goes through the epoch.
        var manifest = MixedManifest();
        var recipe = TrainingRecipe.Load(SyntheticDataset.Recipe(_dir, manifest, null)).With(["batch_size=4", "neighbour_view=true", "workers=1"]);
        var items = TrainingSet.Load(manifest);
        var next = Enumerable.Range(0, items.Count).Select(i => new[] { (i + 5) % items.Count }).ToArray();
        var order = new BatchBuilder(items, recipe, next, next).Order(0);
        var warm = new BatchBuilder(items, recipe, next, next);
        var batches = Enumerable.Range(0, warm.BatchesPerEpoch).ToArray();
        foreach (var index in batches.Concat(batches.Reverse()))
        {
            var reused = warm.Build(0, index, order);
            var fresh = new BatchBuilder(items, recipe, next, next).Build(0, index, order);
            Assert.Equal(fresh.Images, reused.Images);
            Assert.Equal(fresh.AugmentedImages, reused.AugmentedImages);
            Assert.Equal(fresh.NeighbourImages, reused.NeighbourImages);
            Assert.Equal(fresh.Spectrograms, reused.Spectrograms);
            Assert.Equal(fresh.AugmentedSpectrograms, reused.AugmentedSpectrograms);
            Assert.Equal(fresh.NeighbourSpectrograms, reused.NeighbourSpectrograms);
        }
    }

    [Fact]
    public void TheHotPathAllocatesAlmostNothing()
    {
        var manifest = MixedManifest();
        var item = TrainingSet.Load(manifest)[0];
        var pixels = new ReusableArrays<byte>();
        var samples = new ReusableArrays<double>();
        var decoder = new ImageDecoder();
        var transform = new TrainImageTransform(64);
        var window = AudioWindow.Official.Centred(1.0);
        var frontEnd = new AudioFrontEnd(window);
        var view = new float[3 * 64 * 64];
        var spectrogram = new float[frontEnd.Shape(window).Count];
        void Pair(int seed)
        {
            var rng = new SeededRandom(9, (ulong)seed);
            var picture = decoder.Decode(item.ImagePath, pixels);
            var clip = AudioLoader.Load(item.AudioPath, samples);
            transform.Plain(picture, rng, view);
            transform.Augmented(picture, rng, view);
            frontEnd.LogSpectrogram(clip, window, 0, spectrogram);
        }
        for (var i = 0; i < 5; i++)
        {
            Pair(i); // first calls fill this thread's pools and the transform's kernel cache
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        const int pairs = 20;
        for (var i = 0; i < pairs; i++)
        {
            Pair(100 + i);
        }
        var perPair = (GC.GetAllocatedBytesForCurrentThread() - before) / pairs;
        // What is left is a handful of small objects (file handles, Skia's wrappers, the generator); the picture
        // alone is 12 KB and the clip 32 KB.
        Assert.True(perPair < 4096, $"{perPair} bytes allocated per pair");
    }

    private string MixedManifest()
    {
        var lines = new List<string> { "image,audio,class" };
        int[] sizes = [40, 52, 64, 72, 84, 96, 110];
        double[] seconds = [1.2, 2.0, 2.6, 3.1];
        var rng = new Random(4);
        for (var k = 0; k < sizes.Length; k++)
        {
            var folder = Path.Combine(_dir, $"size{sizes[k]}");
            var part = SyntheticDataset.Write(folder, 2, seed: k + 1, size: sizes[k]);
            foreach (var line in File.ReadAllLines(part).Skip(1))
            {
                var f = line.Split(',');
                var audio = Path.Combine(folder, f[1]);
                var length = (int)(16000 * seconds[(k + lines.Count) % seconds.Length]);
                var tone = Enumerable.Range(0, length).Select(n => (short)((Math.Sin(n * (0.01 + (0.002 * k))) * 9000) + rng.Next(-500, 500))).ToArray();
                WavWriter.WritePcm16Mono(audio, tone, 16000);
                lines.Add($"{Path.Combine(folder, f[0])},{audio},{f[2]}");
            }
        }
        var manifest = Path.Combine(_dir, "mixed.csv");
        File.WriteAllLines(manifest, lines);
        return manifest;
    }
}
