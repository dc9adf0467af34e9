using System.Text.Json;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>
/// The EZ-VSL loss and its gradients against the authors' EZVSL.max_xmil_loss (SSLalignment model.py, tau 0.03;
/// fixtures ezvsl.* of tools/golden/training_fixtures.py).
/// </summary>
public sealed class EzVslGoldenTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261124;

    // Measured (AMD EPYC): loss within 1.5e-6, gradients within 7.8e-7 of their scale; the bounds leave under 10x.
    private const double LossBound = 1e-5;
    private const double GradientBound = 5e-6;

    [Fact]
    public void LossAndGradientsEqualTheAuthors()
    {
        using var scope = NewDisposeScope();
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training");
        var fixture = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "ezvsl.json"))).RootElement;
        long b = fixture.GetProperty("batch").GetInt32(), c = fixture.GetProperty("channels").GetInt32(), h = fixture.GetProperty("size").GetInt32();
        var image = nn.functional.normalize(tensor(DeterministicWeights.Values("ezvsl/image", [b, c, h, h], Seed), [b, c, h, h]), dim: 1).detach().requires_grad_(true);
        var audio = nn.functional.normalize(tensor(DeterministicWeights.Values("ezvsl/audio", [b, c], Seed), [b, c]), dim: 1).detach().requires_grad_(true);
        var objective = new ContrastiveObjective();
        Assert.Equal(fixture.GetProperty("tau").GetDouble(), objective.Options.EzVslTemperature);
        var loss = objective.EzVsl(new ViewFeatures(image, audio), new ViewFeatures(audio, audio));
        var expected = fixture.GetProperty("loss").GetDouble();
        output.WriteLine($"loss {loss.item<float>():R} vs {expected:R}");
        Assert.True(Math.Abs(loss.item<float>() - expected) <= LossBound, $"loss {loss.item<float>():R} vs {expected:R}");
        loss.backward();
        foreach (var (name, leaf) in new[] { ("image", image), ("audio", audio) })
        {
            var reference = Npy.Read(Path.Combine(folder, $"ezvsl.grad_{name}.npy"));
            var grad = leaf.grad!.contiguous().data<float>().ToArray();
            Assert.Equal(reference.Data.Length, grad.Length);
            var scale = reference.Data.Max(Math.Abs);
            var worst = grad.Select((g, i) => Math.Abs(g - reference.Data[i])).Max();
            output.WriteLine($"{name}: max abs diff {worst:E2}, scale {scale:E2}");
            Assert.True(worst <= GradientBound * scale, $"{name} gradient: max abs diff {worst:E2}, scale {scale:E2}");
        }
    }
}
