using SoundSight.Audio;
using SoundSight.Data;
using SoundSight.Models;
using SoundSight.Retrieval;
using SoundSight.Tests.Training;

namespace SoundSight.Tests.Retrieval;

/// <summary>Retrieval on validation pairs through a model in memory, as training logs it and the demo reports it.</summary>
public sealed class ValidationRetrievalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"valret-{Guid.NewGuid():N}");

    public ValidationRetrievalTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RecallsAreNamedInTheLogsOrderAndComeFromTheRetrievalMetrics()
    {
        var pairs = TrainingSet.Load(SyntheticDataset.Write(_dir, 8, classes: 2));
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 0);
        var window = AudioWindow.Official.Centred(1.0);

        var recall = ValidationRetrieval.Measure(model, pairs, 64, window, RetrievalSpace.Projection);

        // metrics.jsonl and best.json write the recalls in this order.
        Assert.Equal(new[] { "audio_to_image_r1", "image_to_audio_r1", "audio_to_image_r5", "image_to_audio_r5", "audio_to_image_r10", "image_to_audio_r10" }, recall.Keys);
        using var table = ValidationRetrieval.Embed(model, pairs, 64, window, RetrievalSpace.Projection);
        var classes = pairs.Select(p => p.Class).ToList();
        Assert.Equal(RetrievalMetrics.Recall(table.SoundProjected!, table.ImageProjected!, classes, [1])[1], recall["audio_to_image_r1"]);
        Assert.Equal(RetrievalMetrics.Recall(table.ImageProjected!, table.SoundProjected!, classes, [1])[1], recall["image_to_audio_r1"]);
        Assert.Equal(1.0, recall["audio_to_image_r10"]);
    }

    [Fact]
    public void TheRawSpaceRanksUnitLengthPictureRows()
    {
        var pairs = TrainingSet.Load(SyntheticDataset.Write(_dir, 4, classes: 2));
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 0);

        using var table = ValidationRetrieval.Embed(model, pairs, 64, AudioWindow.Official.Centred(1.0), RetrievalSpace.Raw);

        Assert.Null(table.ImageProjected);
        Assert.Null(table.SoundProjected);
        // The spatial mean of unit vectors is shorter than one; validation has always re-normalised it.
        using var squared = table.ImageRaw! * table.ImageRaw!;
        using var norms = squared.sum(1);
        Assert.All(norms.data<float>().ToArray(), n => Assert.InRange(n, 0.9999f, 1.0001f));
    }
}
