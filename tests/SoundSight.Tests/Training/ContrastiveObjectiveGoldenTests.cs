using System.Text.Json;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SoundSight.Tests.Training;

/// <summary>Loss and gradients of one training step against the authors' train.py (tools/golden/training_fixtures.py).</summary>
public sealed class ContrastiveObjectiveGoldenTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261124;

    // Measured (libtorch 2.10 against torch 1.13): every term within 1.5e-6 and the projection and BatchNorm gradients
    // within 2.6e-5 (relative L2 error) on AMD EPYC CPUs with and without AVX-512; the bounds leave under 10x headroom.
    // Convolution weight gradients sum the whole batch's positions in the CPU kernel's own order, after the backward
    // pass through every BatchNorm: with AVX-512 they were within 2.3e-5, on an AVX2-only EPYC (2026-12-05) the
    // first convolutions reached 2.1e-3 (audio) and 9.0e-3 (image), so they get their own, looser bound. A wrong
    // term, weight or stop-gradient moves the tight gradients by far more than either bound.
    private const double TermBound = 1e-5;
    private const double GradientBound = 1e-4;
    private const double ConvolutionGradientBound = 2e-2;
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training");

    private static Tensor Input(string name, long[] shape, float scale, float shift)
    {
        var values = DeterministicWeights.Values(name, shape, Seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * scale) - shift;
        }
        return tensor(values, shape);
    }

    [Fact]
    public void LossAndGradientsMatchTheAuthorsTrainingStep()
    {
        using var scope = NewDisposeScope();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "loss.json")));
        var root = json.RootElement;
        long b = root.GetProperty("batch").GetInt32(), size = root.GetProperty("image").GetInt32();
        long freq = root.GetProperty("freq").GetInt32(), time = root.GetProperty("time").GetInt32();

        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, Seed);
        model.train();
        var images = new List<ViewFeatures?>();
        var sounds = new List<ViewFeatures?>();
        foreach (var view in new[] { "orig", "aug", "hp" })
        {
            images.Add(model.ImageFeatures(Input($"input/image/{view}", [b, 3, size, size], 150f, 0f)));
            sounds.Add(model.AudioFeatures(Input($"input/audio/{view}", [b, 1, freq, time], 40f, 0.65f)));
        }
        var objective = new ContrastiveObjective();
        var terms = objective.AlignmentTerms(images, sounds);
        var expectedTerms = root.GetProperty("terms").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        Assert.Equal(18, expectedTerms.Length);
        Assert.Equal(expectedTerms.Length, terms.Count);
        for (var k = 0; k < terms.Count; k++)
        {
            var term = terms[k].item<float>();
            output.WriteLine($"term {k}: {term:R} vs {expectedTerms[k]:R}, diff {Math.Abs(term - expectedTerms[k]):E2}");
            Assert.True(Math.Abs(term - expectedTerms[k]) <= TermBound, $"term {k} ({(k < 9 ? "s_L" : "s_A")}, image view {k % 9 / 3}, audio view {k % 3}): {term:R} vs {expectedTerms[k]:R}");
        }
        var (loss, count) = objective.Alignment(images, sounds);
        Assert.Equal(18, count);
        var expected = root.GetProperty("loss").GetDouble();
        output.WriteLine($"loss {loss.item<float>():R} vs {expected:R}");
        Assert.True(Math.Abs(loss.item<float>() - expected) <= 18 * TermBound, $"loss {loss.item<float>()} vs {expected}");

        loss.backward();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var beyond = new List<string>();
        foreach (var file in Directory.GetFiles(Fixtures, "grad.*.npy").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file)["grad.".Length..^".npy".Length];
            var reference = Npy.Read(file);
            var grad = parameters[name].grad!.contiguous().data<float>().ToArray();
            var scale = reference.Data.Max(Math.Abs);
            var worst = grad.Select((g, i) => Math.Abs(g - reference.Data[i])).Max();
            var relative = Math.Sqrt(grad.Select((g, i) => Math.Pow(g - reference.Data[i], 2)).Sum() / reference.Data.Sum(r => r * r));
            output.WriteLine($"{name}: max abs diff {worst:E2}, relative to scale {worst / scale:E2}, relative L2 error {relative:E2}");
            var bound = parameters[name].dim() == 4 ? ConvolutionGradientBound : GradientBound;
            if (relative > bound)
            {
                beyond.Add($"{name}: relative L2 error {relative:E2} (max abs diff {worst:E2}, gradient scale {scale:E2})");
            }
        }
        Assert.True(beyond.Count == 0, string.Join("; ", beyond));
    }

    [Fact]
    public void InfoNceOfAPerfectDiagonalIsNearZeroAndUniformIsLogB()
    {
        using var scope = NewDisposeScope();
        Assert.True(ContrastiveObjective.InfoNce(eye(4) * 100).item<float>() < 1e-6);
        Assert.Equal(Math.Log(4), ContrastiveObjective.InfoNce(zeros(4, 4)).item<float>(), 5);
    }

    [Fact]
    public void AblationsDropTerms()
    {
        using var scope = NewDisposeScope();
        var v = new ViewFeatures(nn.functional.normalize(randn(2, 8, 3, 3), dim: 1), nn.functional.normalize(randn(2, 8), dim: 1));
        var a = new ViewFeatures(nn.functional.normalize(randn(2, 8), dim: 1), nn.functional.normalize(randn(2, 8), dim: 1));
        Assert.Equal(8, new ContrastiveObjective().Alignment([v, null, v], [a, null, a]).Terms);
        Assert.Equal(2, new ContrastiveObjective().Alignment([v], [a]).Terms);
        Assert.Equal(1, new ContrastiveObjective(new ObjectiveOptions { SemanticTerms = false }).Alignment([v], [a]).Terms);
        // s_A only: the s_A terms alone, equal to the full loss's last terms.
        var full = new ContrastiveObjective().AlignmentTerms([v, v], [a, a]);
        var semanticOnly = new ContrastiveObjective(new ObjectiveOptions { LocalizationTerms = false }).AlignmentTerms([v, v], [a, a]);
        Assert.Equal(4, semanticOnly.Count);
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(full[4 + k].item<float>(), semanticOnly[k].item<float>());
        }
    }

    [Fact]
    public void RecipeKeysSwitchTheLossTermsAndRefuseAnEmptyLoss()
    {
        var recipe = new TrainingRecipe { Train = "train", NeighbourView = false };
        Assert.False(recipe.With(["semantic_terms=false"]).SemanticTerms);
        Assert.False(recipe.With(["localization_terms=false"]).LocalizationTerms);
        var e = Assert.Throws<SoundSight.IO.InputException>(() => recipe.With(["semantic_terms=false", "localization_terms=false"]).Validate());
        Assert.Contains("no term", e.Message);

        // A recipe written before these keys existed reads back equal (how `study` recognises its own run folders).
        var written = System.Text.Json.Nodes.JsonNode.Parse(recipe.ToJson())!.AsObject();
        Assert.True(written.Remove("semantic_terms") && written.Remove("localization_terms"));
        Assert.Equal(recipe, TrainingRecipe.FromJson(written.ToJsonString()));
        Assert.NotEqual(recipe, TrainingRecipe.FromJson(recipe.With(["semantic_terms=false"]).ToJson()));
    }
}
