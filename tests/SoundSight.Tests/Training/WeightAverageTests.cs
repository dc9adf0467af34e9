using SoundSight.Training;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>The moving average of trained weights: its arithmetic, the swap in and out, and a checkpoint round trip.</summary>
public sealed class WeightAverageTests
{
    [Fact]
    public void AveragesWithAWarmUpAndSwapsTheAverageInOnlyWhileUsed()
    {
        using var a = ones(3).requires_grad_(true);
        using var b = full(2, 2, 4f).requires_grad_(true);
        var trained = new List<(string, Tensor)> { ("a", a), ("b", b) };
        using var average = new WeightAverage(trained, 0.99);

        // The first steps weigh the old average little: d = min(0.99, (1 + t) / (10 + t)).
        Assert.Equal(2.0 / 11, average.DecayAt(1), 12);
        Assert.Equal(0.99, average.DecayAt(10_000), 12);
        using (no_grad())
        {
            a.fill_(3);
            b.fill_(0);
        }
        average.Update(1);
        var d = 2.0 / 11;
        var expectedA = (float)((d * 1) + ((1 - d) * 3));
        var expectedB = (float)(d * 4);

        var seen = average.Use(() => (a[0].item<float>(), b[1, 1].item<float>()));
        Assert.Equal(expectedA, seen.Item1, 5);
        Assert.Equal(expectedB, seen.Item2, 5);
        // The trained weights are back, and still learn.
        Assert.Equal(3f, a[2].item<float>());
        Assert.Equal(0f, b[0, 0].item<float>());
        Assert.True(a.requires_grad);

        // A checkpoint's copy restores the average into another run's.
        var saved = average.State().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Assert.Equal(["average.a", "average.b"], saved.Keys.Order());
        using var other = new WeightAverage(trained, 0.99);
        Assert.True(other.IsIn(saved));
        other.Restore(saved);
        Assert.Equal(expectedA, other.Use(() => a[1].item<float>()), 5);
        Assert.False(other.IsIn(new Dictionary<string, Tensor> { ["average.a"] = saved["average.a"] }));
        foreach (var t in saved.Values)
        {
            t.Dispose();
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(trained, 1.0));
    }
}
