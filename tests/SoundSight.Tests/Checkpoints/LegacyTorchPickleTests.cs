using System.Collections;
using System.Numerics;
using System.Text.Json;
using SoundSight.Checkpoints;
using SoundSight.IO;
using SoundSight.Models;
using SoundSight.Tests.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Checkpoints;

/// <summary>
/// Fixtures: tools/golden/legacy_checkpoint_fixtures.py writes each checkpoint with torch.save twice (zip, and
/// _use_new_zipfile_serialization=False) and the tensors' values to tensors.json.
/// </summary>
public sealed class LegacyTorchPickleTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}");

    public LegacyTorchPickleTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Checkpoints", name);

    private static Dictionary<string, JsonElement> Expected() =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Fixture("tensors.json")))!;

    private static double[] Values(Tensor t) => t.numel() == 0 ? [] : t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    [Theory]
    [InlineData("nested", "model_state_dict")]
    [InlineData("flat", null)]
    [InlineData("state_dict", "state_dict")]
    [InlineData("model", "model")]
    public void EveryTensorHasTheValuesTorchSaved(string stem, string? container)
    {
        var (format, found, tensors) = CheckpointLoader.Read(Fixture(stem + "_legacy.pth"));
        try
        {
            Assert.Equal("pytorch-legacy", format);
            Assert.Equal(container, found);
            var expected = Expected();
            Assert.Equal(expected.Keys.Order(), tensors.Keys.Order());
            foreach (var (key, e) in expected)
            {
                var t = tensors[key];
                Assert.Equal(e.GetProperty("dtype").GetString(), DtypeName(t.dtype));
                Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()), t.shape);
                Assert.Equal(e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()), Values(t));
            }
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("nested")]
    [InlineData("flat")]
    [InlineData("state_dict")]
    [InlineData("model")]
    public void BothFormatsGiveIdenticalTensors(string stem)
    {
        var (_, legacyContainer, legacy) = CheckpointLoader.Read(Fixture(stem + "_legacy.pth"));
        var (zipFormat, zipContainer, zip) = CheckpointLoader.Read(Fixture(stem + "_zip.pth"));
        try
        {
            Assert.Equal("pytorch", zipFormat);
            Assert.Equal(zipContainer, legacyContainer);
            // The zip twin lacks the two non-contiguous views, which the zip reader (TorchSharp.PyBridge) refuses.
            Assert.Equal(legacy.Keys.Where(k => legacy[k].is_contiguous()).Order(), zip.Keys.Order());
            Assert.Equal(13, zip.Count);
            foreach (var (key, z) in zip)
            {
                var l = legacy[key];
                Assert.Equal(z.dtype, l.dtype);
                Assert.Equal(z.shape, l.shape);
                Assert.True(z.contiguous().bytes.SequenceEqual(l.contiguous().bytes), key);
            }
        }
        finally
        {
            foreach (var t in legacy.Values.Concat(zip.Values))
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void NonTensorEntriesAndSharedStoragesAreKept()
    {
        var contents = LegacyTorchPickle.Load(Fixture("nested_legacy.pth"));
        try
        {
            var root = Assert.IsAssignableFrom<IDictionary>(contents.Root);
            Assert.Equal(7L, root["epoch"]);
            Assert.Equal(0.3125, root["best_ciou"]);
            Assert.Equal("lvs", root["arch"]);
            Assert.Equal(BigInteger.Pow(2, 70), root["big"]);
            var flags = Assert.IsType<object?[]>(root["flags"]);
            Assert.Equal(true, flags[0]);
            Assert.Null(flags[1]);
            Assert.Equal([1L, 2.5, "x"], Assert.IsType<List<object?>>(flags[2]));
            var args = Assert.IsType<PickledObject>(root["args"]);
            Assert.Equal(new PickledGlobal("argparse", "Namespace"), args.Type);
            Assert.Equal(1e-4, Assert.IsAssignableFrom<IDictionary>(args.State)["lr"]);
            var optimizer = Assert.IsAssignableFrom<IDictionary>(root["optimizer"]);
            var state = Assert.IsAssignableFrom<IDictionary>(Assert.IsAssignableFrom<IDictionary>(optimizer["state"])[0L]!);
            Assert.Equal(Enumerable.Repeat(0.125, 4), Values(Assert.IsAssignableFrom<Tensor>(state["momentum_buffer"])));
            // The state dict's order is the file's, and views of one storage share its memory, as after torch.load.
            var sd = Assert.IsAssignableFrom<IDictionary>(root["model_state_dict"]);
            Assert.Equal(Expected().Keys, sd.Keys.Cast<string>());
            var weight = (Tensor)sd["module.conv.weight"]!;
            var slice = (Tensor)sd["module.conv.slice"]!;
            Assert.Equal(18, slice.storage_offset());
            using (no_grad())
            {
                weight[1, 1, 2] = tensor(100f);
            }
            Assert.Equal(100.0, Values(slice)[0]);
            Assert.Equal(16, contents.Tensors.Count);
        }
        finally
        {
            foreach (var t in contents.Tensors)
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void AuthorsLayoutLoadsIntoTheModelFromEitherFormat()
    {
        var (_, zipContainer, zip) = CheckpointLoader.Read(GoldenModel.Fixture("partial_official.pth.tar"));
        var (format, container, legacy) = CheckpointLoader.Read(Fixture("partial_official_legacy.pth.tar"));
        try
        {
            Assert.Equal("pytorch-legacy", format);
            Assert.Equal(zipContainer, container);
            Assert.Equal(zip.Keys.Order(), legacy.Keys.Order());
            foreach (var (key, z) in zip)
            {
                Assert.True(z.bytes.SequenceEqual(legacy[key].bytes), key);
            }
        }
        finally
        {
            foreach (var t in zip.Values.Concat(legacy.Values))
            {
                t.Dispose();
            }
        }
        // The loader's key rules are the same for both formats: the 'module.' prefix goes, a missing key is named.
        using var model = new SoundLocalizationModel(ParameterInit.Loaded);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(model, Fixture("partial_official_legacy.pth.tar")));
        Assert.EndsWith("checkpoint lacks imgnet.conv1_a.weight, which the model needs", e.Message);
    }

    [Theory]
    [InlineData("truncated_storage_legacy.pth", "truncated legacy (pre-1.6) PyTorch checkpoint: the file ends early")]
    [InlineData("truncated_pickle_legacy.pth", "truncated legacy (pre-1.6) PyTorch checkpoint: the file ends early")]
    public void TruncatedFilesAreOneLineNamingTheFile(string name, string problem)
    {
        var path = Fixture(name);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Read(path));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    [Theory]
    [InlineData("magic", "corrupt legacy (pre-1.6) PyTorch checkpoint: it is a pickle but not a torch.save file (no PyTorch magic number)")]
    [InlineData("opcode", "corrupt legacy (pre-1.6) PyTorch checkpoint: pickle opcode 0xff at byte 137 is not one a checkpoint uses")]
    [InlineData("storage", "corrupt legacy (pre-1.6) PyTorch checkpoint: storage class torch.WeirdStorage is not one this reader knows")]
    [InlineData("count", "corrupt legacy (pre-1.6) PyTorch checkpoint: storage '")]
    public void CorruptFilesAreOneLineNamingTheFile(string damage, string problem)
    {
        var bytes = File.ReadAllBytes(Fixture("nested_legacy.pth"));
        switch (damage)
        {
            case "magic":
                bytes[5] ^= 0x40;
                break;
            case "opcode":
                // Byte 137 starts the main pickle (after the magic number, the protocol and sys_info pickles).
                Assert.Equal(0x80, bytes[137]);
                bytes[137] = 0xff;
                break;
            case "storage":
                Replace(bytes, "FloatStorage"u8, "WeirdStorage"u8);
                break;
            case "count":
                bytes[KeyListStop(bytes) + 1] ^= 0x01;
                break;
        }
        var path = Path.Combine(_dir, damage + ".pth");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Read(path));
        Assert.StartsWith($"{path}: {problem}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string DtypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString(),
    };

    private static void Replace(byte[] bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        to.CopyTo(bytes.AsSpan(at));
    }

    // The key list is the file's last pickle starting PROTO 2, EMPTY_LIST; its STOP is the first '.' after that
    // (the keys are decimal numbers and their lengths are small), and the first storage's element count follows.
    private static int KeyListStop(byte[] bytes)
    {
        var keysStart = bytes.AsSpan().LastIndexOf(new byte[] { 0x80, 0x02, (byte)']' });
        Assert.True(keysStart > 137);
        var stop = bytes.AsSpan(keysStart).IndexOf((byte)'.');
        Assert.True(stop > 0);
        return keysStart + stop;
    }
}
