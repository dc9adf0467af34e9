using System.Text.Json;
using SoundSight.Models;
using SoundSight.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>
/// <see cref="AdamOptimizer"/> against torch.optim.Adam as the authors' train.py builds it (weight decay, the
/// learning rate lowered part way as MultiStepLR does), step by step (fixture adam.json of
/// tools/golden/training_fixtures.py).
/// </summary>
public sealed class AdamGoldenTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261124;

    // Measured: every parameter after every step within 0 ulp..1 float32 ulp of torch's (the same operations in
    // the same order; Math.Pow and Python's ** may differ in the last bit of the double bias correction).
    private const double Bound = 1e-8;

    [Fact]
    public void EveryStepEqualsTorchAdam()
    {
        using var scope = NewDisposeScope();
        var fixture = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", "adam.json"))).RootElement;
        var shapes = fixture.GetProperty("shapes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var rates = fixture.GetProperty("lr").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var parameters = shapes.Select(kv => (kv.Key, tensor(DeterministicWeights.Values($"adam/param/{kv.Key}", kv.Value, Seed), kv.Value).requires_grad_(true))).ToArray();
        using var adam = new AdamOptimizer(parameters, rates[0], fixture.GetProperty("weight_decay").GetDouble());
        var steps = fixture.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(rates.Length, steps.Length);
        var worst = 0.0;
        for (var k = 0; k < steps.Length; k++)
        {
            adam.LearningRate = rates[k];
            foreach (var (name, p) in parameters)
            {
                p.grad = tensor(DeterministicWeights.Values($"adam/grad/{k}/{name}", shapes[name], Seed), shapes[name]);
            }
            adam.StepOnce();
            foreach (var (name, p) in parameters)
            {
                var expected = steps[k].GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
                var actual = p.detach().data<float>().ToArray();
                for (var i = 0; i < expected.Length; i++)
                {
                    var diff = Math.Abs(actual[i] - expected[i]);
                    worst = Math.Max(worst, diff);
                    Assert.True(diff <= Bound, $"step {k + 1}, {name}[{i}]: {actual[i]:R} vs torch {expected[i]:R}");
                }
            }
        }
        output.WriteLine($"worst difference over {steps.Length} steps: {worst:E2}");
    }
}
