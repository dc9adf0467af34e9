using System.Text;
using SoundSight.Models;
using SoundSight.Tests.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SoundSight.Tests.Cli;

/// <summary>
/// Bad input, one table: each row is a command a user runs on a broken file; each must end with exactly one line
/// "error: FILE: problem" naming that file, exit code 2, no stack trace, and nothing half-written where the
/// command would have written its results. The commands run as child processes, several at a time.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One row: the command, the file its error line must name, a fragment of the problem, and what must not be written.</summary>
    private sealed record Row(string Name, string[] Args, string File, string Problem, string Output);

    [Fact]
    public void EveryBadFileIsOneLineNamingItExitTwoAndNothingWritten()
    {
        var rows = Rows();
        var before = rows.ToDictionary(r => r.Name, r => Snapshot(r.Output));
        var results = rows.AsParallel().WithDegreeOfParallelism(4).Select(r => (Row: r, Result: CliRunner.Run(r.Args))).ToList();
        var failures = new List<string>();
        foreach (var (row, r) in results)
        {
            // Progress and notes may come first; the error is one line, the last, and no stack trace follows it.
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = lines.Length > 0 ? lines[^1] : "";
            if (r.ExitCode != 2)
            {
                failures.Add($"{row.Name}: exit {r.ExitCode}, stderr: {r.Stderr.Trim()}");
            }
            else if (lines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)) != 1 || !line.StartsWith("error: ", StringComparison.Ordinal) || r.Stderr.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{row.Name}: not one error line: {r.Stderr.Trim()}");
            }
            else if (!line.Contains(Path.GetFileName(row.File), StringComparison.Ordinal) || !line.Contains(row.Problem, StringComparison.Ordinal))
            {
                failures.Add($"{row.Name}: the line does not name {Path.GetFileName(row.File)} and '{row.Problem}': {line}");
            }
            if (Snapshot(row.Output) != before[row.Name])
            {
                failures.Add($"{row.Name}: {row.Output} changed: {Snapshot(row.Output)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private List<Row> Rows()
    {
        var image = Path.Combine(Fixtures, "Imaging", "rgb_100x150.jpg");
        var sound = Path.Combine(Fixtures, "Audio", "short_1p3s.wav");
        var rows = new List<Row>();

        // Checkpoints given to localize: the first key the model loads, with a wrong shape or NaN weights.
        // The vision stem, which every AVENet method requires; named, since the order of state_dict() (reflection over
        // the encoder's three stems) is not fixed from one process to the next.
        const string first = "imgnet.conv1.weight";
        long[] shape;
        using (var model = new SoundLocalizationModel())
        {
            shape = model.state_dict()[first].shape;
        }
        var wrongShape = Write("wrong_shape.safetensors", path => Safetensors.SaveStateDict(path, new Dictionary<string, Tensor> { [first] = zeros(shape[0], shape[1] + 1) }));
        // A whole checkpoint, one tensor NaN: the registry's key check passes, so the weights' own check speaks.
        var nan = Write("nan_weights.safetensors", path =>
        {
            using var whole = new SoundLocalizationModel();
            var state = whole.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
            state[first] = full(shape, double.NaN);
            Safetensors.SaveStateDict(path, state);
        });
        var corrupt = Write("corrupt.safetensors", path =>
        {
            var header = Encoding.ASCII.GetBytes($"{{\"{first}\":{{\"dtype\":\"F32\",\"shape\":[");
            var bytes = new byte[8 + header.Length];
            BitConverter.GetBytes((ulong)200).CopyTo(bytes, 0);
            header.CopyTo(bytes, 8);
            File.WriteAllBytes(path, bytes);
        });
        var empty = Write("empty.safetensors", path => File.WriteAllBytes(path, []));
        var legacy = Path.Combine(Fixtures, "BadInput", "legacy_pre16.pth.tar");
        foreach (var (name, checkpoint, problem) in new[]
        {
            ("checkpoint with a wrong shape", wrongShape, $"1 key(s) of the wrong shape ({first} [{shape[0]}, {shape[1] + 1}], expected"),
            ("NaN weights", nan, $"{first} holds NaN or infinite values"),
            ("corrupt safetensors", corrupt, "unreadable safetensors"),
            ("empty safetensors", empty, "empty file"),
            // Pre-1.6 (non-zip) pickles are read (LegacyTorchPickle): the file's one tiny tensor then fails the shape
            // check, proof that it was read.
            ("pre-1.6 pickle", legacy, $"1 key(s) of the wrong shape ({first} [2, 3], expected"),
        })
        {
            var output = Path.Combine(_dir, "maps-" + Path.GetFileNameWithoutExtension(checkpoint));
            // Forced to the authors' method, so that its own checks speak (with `auto`, one tensor fits no method).
            rows.Add(new Row(name, ["localize", "--checkpoint", checkpoint, "--method", "ours", "--image", image, "--audio", sound, "--out", output], checkpoint, problem, output));
        }

        // A picture cut short, through the command that reads pictures without a checkpoint.
        var pictures = Directory.CreateDirectory(Path.Combine(_dir, "pictures")).FullName;
        var whole = File.ReadAllBytes(Path.Combine(Fixtures, "Imaging", "rgba_300x200.png"));
        var truncated = Path.Combine(pictures, "truncated.png");
        File.WriteAllBytes(truncated, whole[..(whole.Length * 6 / 10)]);
        var saliency = Path.Combine(_dir, "saliency-out");
        rows.Add(new Row("truncated PNG", ["saliency", "--images", pictures, "--out", saliency], truncated, "", saliency));

        // Saved maps given to evaluate (IS3, one entry).
        var annotations = Path.Combine(_dir, "is3.json");
        File.WriteAllText(annotations, """[{"image": "/authors/visual_frames/cat_dog_1_cat.jpg", "audio": "/authors/audio_wav/cat_dog_1_cat.wav", "gt_box": [10, 10, 100, 100]}]""");
        foreach (var (name, bytes, problem) in new[]
        {
            ("npy in Fortran order", Npy("<f4", fortran: true, Floats(224 * 224, 0.5f)), "Fortran order"),
            ("big-endian npy", Npy(">f4", fortran: false, BigEndian(Floats(224 * 224, 0.5f))), "big-endian"),
            ("truncated npy", Npy("<f4", fortran: false, Floats(224 * 224, 0.5f))[..5000], "truncated .npy"),
            ("map with +Inf", Npy("<f4", fortran: false, Floats(224 * 224, 0.5f, (77, float.PositiveInfinity))), "is not finite"),
            ("map with -Inf", Npy("<f4", fortran: false, Floats(224 * 224, 0.5f, (78, float.NegativeInfinity))), "is not finite"),
        })
        {
            var predictions = Directory.CreateDirectory(Path.Combine(_dir, "pred-" + rows.Count)).FullName;
            var map = Path.Combine(predictions, "cat_dog_1_cat.npy");
            File.WriteAllBytes(map, bytes);
            var json = Path.Combine(_dir, $"scores-{rows.Count}", "is3.json");
            rows.Add(new Row(name, ["evaluate", "--benchmark", "is3", "--annotations", annotations, "--predictions", predictions, "--json", json], map, problem, Path.GetDirectoryName(json)!));
        }
        var good = Directory.CreateDirectory(Path.Combine(_dir, "good")).FullName;
        File.WriteAllBytes(Path.Combine(good, "cat_dog_1_cat.npy"), Npy("<f4", fortran: false, Floats(224 * 224, 0.5f, (5, 1f))));

        // A segmentation set whose mask is not under the data root.
        var seg = Path.Combine(_dir, "is3_seg.json");
        File.WriteAllText(seg, """[{"image": "/authors/visual_frames/cat_dog_1_cat.jpg", "audio": "/authors/audio_wav/cat_dog_1_cat.wav", "gt_box": "/authors/gt_masks/cat_dog_1_cat.png"}]""");
        var root = Directory.CreateDirectory(Path.Combine(_dir, "root")).FullName;
        var segJson = Path.Combine(_dir, "scores-seg", "is3.json");
        rows.Add(new Row("missing segmentation mask", ["evaluate", "--benchmark", "is3", "--annotations", seg, "--predictions", good, "--data-root", root, "--json", segJson], "cat_dog_1_cat.png", "mask", Path.GetDirectoryName(segJson)!));

        // Flickr: a malformed annotation XML, and a subset CSV that is not a list of ids.
        var flickr = Directory.CreateDirectory(Path.Combine(_dir, "flickr", "Annotations")).FullName;
        File.WriteAllText(Path.Combine(flickr, "1001.xml"), "<annotation><object><bbox><xmin>3</xmin>");
        var flickrPredictions = Directory.CreateDirectory(Path.Combine(_dir, "flickr-pred")).FullName;
        File.Copy(Path.Combine(good, "cat_dog_1_cat.npy"), Path.Combine(flickrPredictions, "1001.npy"));
        var subset = Path.Combine(_dir, "flickr_test.csv");
        File.WriteAllText(subset, "1001,0\n");
        var xmlJson = Path.Combine(_dir, "scores-xml", "flickr.json");
        rows.Add(new Row("malformed Flickr XML", ["evaluate", "--benchmark", "flickr", "--annotations", flickr, "--subset", subset, "--predictions", flickrPredictions, "--json", xmlJson], "1001.xml", "malformed XML", Path.GetDirectoryName(xmlJson)!));
        var flickrGood = Directory.CreateDirectory(Path.Combine(_dir, "flickr-good", "Annotations")).FullName;
        File.WriteAllText(Path.Combine(flickrGood, "1001.xml"), "<annotation><object><bbox><id>0</id><xmin>3</xmin><ymin>4</ymin><xmax>90</xmax><ymax>100</ymax></bbox></object></annotation>");
        var badSubset = Path.Combine(_dir, "bad_subset.csv");
        File.WriteAllBytes(badSubset, [0x00, 0xFF, 0x2C, 0x0A, 0x7B, 0x0A]);
        var csvJson = Path.Combine(_dir, "scores-csv", "flickr.json");
        rows.Add(new Row("malformed subset CSV", ["evaluate", "--benchmark", "flickr", "--annotations", flickrGood, "--subset", badSubset, "--predictions", flickrPredictions, "--json", csvJson], "bad_subset.csv", "", Path.GetDirectoryName(csvJson)!));

        // A run whose newest checkpoint is corrupt, resumed.
        var manifest = SyntheticDataset.Write(Path.Combine(_dir, "data"), 16);
        var recipe = SyntheticDataset.Recipe(_dir, manifest, null, ",\n  \"max_steps\": 2,\n  \"augmented_view\": false");
        var run = Path.Combine(_dir, "run");
        var checkpoints = Directory.CreateDirectory(Path.Combine(run, "checkpoints")).FullName;
        File.WriteAllText(Path.Combine(checkpoints, "step-0000001.json"), """{"step": 1, "epoch": 0, "next_batch": 1, "best_metric": "-Infinity", "best_step": -1, "skipped_items": 0}""");
        var broken = Path.Combine(checkpoints, "step-0000001.safetensors");
        File.WriteAllBytes(broken, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        rows.Add(new Row("corrupt checkpoint on --resume", ["train", "--config", recipe, "--out", run, "--resume", "--threads", "1"], broken, "unreadable checkpoint", run));
        return rows;
    }

    private string Write(string name, Action<string> write)
    {
        var path = Path.Combine(_dir, name);
        write(path);
        return path;
    }

    /// <summary>Every file under a folder with its size and time, or "empty": a change means something was written.</summary>
    private static string Snapshot(string path) =>
        !Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any() ? "empty"
        : string.Join("; ", Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Order()
            .Select(f => File.Exists(f) ? $"{Path.GetRelativePath(path, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}" : Path.GetRelativePath(path, f) + "/"));

    private static float[] Floats(int count, float value, params (int Index, float Value)[] except)
    {
        var data = Enumerable.Repeat(value, count).ToArray();
        foreach (var (i, v) in except)
        {
            data[i] = v;
        }
        return data;
    }

    private static byte[] BigEndian(float[] data) =>
        data.SelectMany(v =>
        {
            var b = BitConverter.GetBytes(v);
            Array.Reverse(b);
            return b;
        }).ToArray();

    private static byte[] Npy(string descr, bool fortran, float[] data) => Npy(descr, fortran, data.SelectMany(BitConverter.GetBytes).ToArray());

    private static byte[] Npy(string descr, bool fortran, byte[] body)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': (224, 224), }}";
        var total = 10 + dict.Length + 1;
        var header = dict + new string(' ', ((total + 63) / 64 * 64) - total) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(body);
        return [.. bytes];
    }
}
