using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.Models;
using SoundSight.Tests.Cli;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// `evaluate --data-root DIR --checkpoint CK` and `--ogl` end to end on a tiny IS3-layout data root made here
/// (images/, audio_wav/, the authors' JSON with their machine paths) and a formula-weight checkpoint.
/// </summary>
[RunsLong(63)]
public sealed class EvaluateDataRootTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-eval-root-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string area, string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", area, name);

    /// <summary>Two IS3 pictures, two sounding objects each (one entry per object, the picture copied per entry as IS3 ships it).</summary>
    private (string Root, string Annotations, string Checkpoint, List<(string Image, string Audio)> Pairs) MakeIs3Root()
    {
        var root = Path.Combine(_dir, "IS3");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "audio_wav"));
        var pairs = new List<(string, string)>();
        var entries = new List<object>();
        var pictures = new[] { ("cat_drum_11_cat", "rgb_100x150.jpg", "pcm16_10s.wav", new[] { 10, 20, 120, 200 }), ("cat_drum_11_drum", "rgb_100x150.jpg", "short_1p3s.wav", new[] { 100, 30, 224, 150 }),
            ("bell_dog_7_bell", "gray_120x90.jpg", "short_1p3s.wav", new[] { 0, 0, 80, 90 }), ("bell_dog_7_dog", "gray_120x90.jpg", "pcm16_10s.wav", new[] { 60, 100, 200, 224 }) };
        foreach (var (stem, picture, sound, box) in pictures)
        {
            var image = Path.Combine(root, "images", stem + ".jpg");
            var audio = Path.Combine(root, "audio_wav", stem + ".wav");
            File.Copy(Fixture("Imaging", picture), image);
            File.Copy(Fixture("Audio", sound), audio);
            pairs.Add((image, audio));
            entries.Add(new { image = $"/mnt/lynx2/users/arda/synthetic3241/visual_frames/{stem}.jpg", audio = $"/mnt/lynx2/users/arda/synthetic3241/audio_wav/{stem}.wav", gt_box = box.Select(v => (double)v).ToArray() });
        }
        var annotations = Path.Combine(_dir, "synthetic3240_bbox.json");
        File.WriteAllText(annotations, JsonSerializer.Serialize(entries));
        var checkpoint = Path.Combine(_dir, "formula.safetensors");
        using (var model = new SoundLocalizationModel())
        {
            DeterministicWeights.Apply(model, 20261124);
            CheckpointWriter.Save(model, checkpoint);
        }
        return (root, annotations, checkpoint, pairs);
    }

    [Fact]
    public void CheckpointOnADataRootScoresTheMapsLocalizeWritesAndOglMatchesSavedSaliency()
    {
        var (root, annotations, checkpoint, pairs) = MakeIs3Root();

        // What localize writes for the same pairs (IS3: align-corners upsampling), saved as predictions.
        var localized = Path.Combine(_dir, "localized");
        var predictions = Path.Combine(_dir, "predictions");
        Directory.CreateDirectory(predictions);
        // Entries 2k and 2k + 1 show the same picture: one localize call with both sounds.
        for (var k = 0; k < pairs.Count; k += 2)
        {
            var l = CliRunner.Run("localize", "--checkpoint", checkpoint, "--image", pairs[k].Image, "--audio", pairs[k].Audio, "--audio", pairs[k + 1].Audio, "--out", localized, "--upsample", "align-corners", "--threads", "1");
            Assert.True(l.ExitCode == 0, l.Stderr);
            var picture = Path.GetFileNameWithoutExtension(pairs[k].Image);
            foreach (var (image, audio) in new[] { pairs[k], pairs[k + 1] })
            {
                File.Copy(Path.Combine(localized, $"{picture}__{Path.GetFileNameWithoutExtension(audio)}.npy"), Path.Combine(predictions, Path.GetFileNameWithoutExtension(image) + ".npy"));
            }
        }

        // The model run, batched (3 + 1), with OGL from the package network on the pictures it loads.
        var fromModel = Path.Combine(_dir, "model", "is3.json");
        var m = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--data-root", root, "--checkpoint", checkpoint, "--batch", "3", "--ogl", "--threads", "1", "--json", fromModel);
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Contains("OGL saliency network", m.Stderr);

        // The saved maps with OGL computed from the data root's pictures.
        var fromMaps = Path.Combine(_dir, "maps", "is3.json");
        var p = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--data-root", root, "--ogl", "--threads", "1", "--json", fromMaps);
        Assert.True(p.ExitCode == 0, p.Stderr);
        // localize encoded one picture at a time, evaluate three: equal to float rounding (kernels differ per batch size).
        NumericText.AssertClose(File.ReadAllText(Path.ChangeExtension(fromMaps, ".csv")), File.ReadAllText(Path.ChangeExtension(fromModel, ".csv")));
        NumericText.AssertClose(File.ReadAllText(fromMaps), File.ReadAllText(fromModel));
        var json = JsonDocument.Parse(File.ReadAllText(fromModel)).RootElement;
        Assert.Equal(4, json.GetProperty("samples").GetInt32());
        Assert.True(json.TryGetProperty("IIoU", out _));
        Assert.True(json.TryGetProperty("ogl", out _));

        // The same OGL numbers from saliency maps saved by the `saliency` command (--ogl-saliency).
        var saliency = Path.Combine(_dir, "saliency");
        var s = CliRunner.Run("saliency", "--images", Path.Combine(root, "images"), "--out", saliency, "--threads", "1");
        Assert.True(s.ExitCode == 0, s.Stderr);
        var fromSaved = Path.Combine(_dir, "saved", "is3.json");
        var v = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--ogl-saliency", saliency, "--json", fromSaved);
        Assert.True(v.ExitCode == 0, v.Stderr);
        Assert.Equal(File.ReadAllText(fromSaved), File.ReadAllText(fromMaps));

        // A missing sound under the data root: one line naming the entry.
        File.Delete(pairs[1].Audio);
        CliRunner.AssertOneLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--data-root", root, "--checkpoint", checkpoint), "cat_drum_11_drum");
    }

    [Fact]
    public void SilentPairsFromTheCheckpointEqualThoseFromLocalizesRawMaps()
    {
        var (root, annotations, checkpoint, pairs) = MakeIs3Root();
        var csv = Path.Combine(_dir, "is3_plus_silent.csv");
        File.WriteAllText(csv, "video,audio,label\ncat_drum_11_cat,bell_dog_7_dog,non-sounding\nbell_dog_7_bell,cat_drum_11_drum,non-sounding\n");
        // localize writes <picture>__<sound>.raw.npy for every picture with every sound.
        var localized = Path.Combine(_dir, "localized");
        foreach (var (image, _) in pairs)
        {
            var args = new List<string> { "localize", "--checkpoint", checkpoint, "--image", image, "--out", localized, "--threads", "1" };
            foreach (var (_, audio) in pairs)
            {
                args.AddRange(["--audio", audio]);
            }
            var l = CliRunner.Run([.. args]);
            Assert.True(l.ExitCode == 0, l.Stderr);
        }
        var fromModel = Path.Combine(_dir, "model.json");
        var m = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--silent-pairs", csv, "--data-root", root, "--checkpoint", checkpoint, "--batch", "4", "--threads", "1", "--json", fromModel);
        Assert.True(m.ExitCode == 0, m.Stderr);
        var fromRaw = Path.Combine(_dir, "raw.json");
        var p = CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--silent-pairs", csv, "--predictions", localized, "--json", fromRaw);
        Assert.True(p.ExitCode == 0, p.Stderr);
        NumericText.AssertClose(File.ReadAllText(fromModel), File.ReadAllText(fromRaw));
        var json = JsonDocument.Parse(File.ReadAllText(fromModel)).RootElement;
        Assert.Equal(6, json.GetProperty("samples").GetInt32());
        Assert.Equal(2, json.GetProperty("non_sounding").GetInt32());
    }

    [Fact]
    public void OglNeedsTheData()
    {
        var (_, annotations, _, _) = MakeIs3Root();
        var predictions = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(predictions);
        CliRunner.AssertOneLineError(CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--ogl"), "needs --data-root");
        CliRunner.AssertOneLineError(
            CliRunner.Run("evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--data-root", _dir, "--ogl-torchvision", Path.Combine(_dir, "missing.pth")),
            "missing.pth");
    }
}
