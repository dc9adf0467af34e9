using SoundSight.Data;
using SoundSight.Models;
using SoundSight.Models.ImageNet;
using SoundSight.Training;

namespace SoundSight.Tests.Training;

/// <summary>mine-neighbours with the ImageNet ResNet-18 as the picture encoder.</summary>
public sealed class ImageNetNeighbourMiningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-imagenet-mining-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ImageNetPictureNeighboursShareTheirClass()
    {
        // Class c is a disc of one colour on noise: ImageNet features group the pictures by colour, which the
        // untrained formula weights of the vision tower do not.
        var items = TrainingSet.Load(SyntheticDataset.Write(Path.Combine(_dir, "data"), 12, classes: 3));
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 0);
        using var imageNet = new ImageNetFeatureExtractor(ImageNetModelFiles.Locate(), threads: 1);
        var table = new NeighbourMiner(model, 64, new SoundSight.Audio.AudioWindow(10, 4.5, 5.5), imageNet).Mine(items, 3, batch: 5);
        Assert.Equal(12, table.Image.Length);
        var sameClass = 0;
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(3, table.Image[i].Distinct().Count());
            Assert.DoesNotContain(i, table.Image[i]);
            sameClass += table.Image[i].Count(j => items[j].Class == items[i].Class);
        }
        Assert.True(sameClass >= 0.8 * 12 * 3, $"{sameClass} of 36 picture neighbours share the class");
    }
}

/// <summary>mine-neighbours with the training-free spectrum descriptor for sounds.</summary>
public sealed class SpectrumNeighbourMiningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-spectrum-mining-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SpectrumSoundNeighboursShareTheirClassWhereTheUntrainedTowerDoesNot()
    {
        // Class c is a tone of its own pitch: the averaged log spectrum separates them without any training.
        var items = TrainingSet.Load(SyntheticDataset.Write(Path.Combine(_dir, "data"), 18, classes: 3));
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 0);
        var window = new SoundSight.Audio.AudioWindow(10, 4.5, 5.5);
        var table = new NeighbourMiner(model, 64, window, spectrumAudio: true).Mine(items, 3, batch: 7);
        var sameClass = Enumerable.Range(0, items.Count).Sum(i => table.Audio[i].Count(j => items[j].Class == items[i].Class));
        Assert.Equal(18 * 3, sameClass);
        Assert.All(Enumerable.Range(0, items.Count), i => Assert.DoesNotContain(i, table.Audio[i]));
    }
}
