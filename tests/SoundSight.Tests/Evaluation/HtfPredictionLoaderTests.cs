using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Tests.Evaluation;

/// <summary>Against tools/golden/htf_fixtures.py: the official validate_htf lines on maps this class rebuilds exactly.</summary>
public sealed class HtfPredictionLoaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"htf-{Guid.NewGuid():N}");

    public HtfPredictionLoaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Htf", "htf_pred.json"))).RootElement.GetProperty(name).Clone();

    // htf_fixtures.maps: ((i * 7919 + j * 104729 + 13) % 10007) / 10007 - 0.3.
    private static double Ramp(int i, int j) => (((i * 7919L) + (j * 104729L) + 13) % 10007) / 10007.0 - 0.3;

    [Theory]
    [InlineData("float64")]
    [InlineData("float32")]
    [InlineData("float32_constant")]
    [InlineData("float32_leading_axis")]
    public void PredIsBitIdenticalToTheOfficialLines(string name)
    {
        var path = Path.Combine(_dir, name + ".npy");
        var values = new double[224 * 224];
        var floats = new float[224 * 224];
        for (var i = 0; i < 224; i++)
        {
            for (var j = 0; j < 224; j++)
            {
                values[(i * 224) + j] = Ramp(i, j);
                floats[(i * 224) + j] = name switch
                {
                    "float32_constant" => 0.25f,
                    "float32_leading_axis" => (float)Ramp(i, j) * 3.5f,
                    _ => (float)Ramp(i, j),
                };
            }
        }
        if (name == "float64")
        {
            Npy.WriteFloat64(path, values, 224, 224);
        }
        else if (name == "float32_leading_axis")
        {
            Npy.WriteFloat32(path, floats, 1, 224, 224);
        }
        else
        {
            Npy.WriteFloat32(path, floats, 224, 224);
        }
        var map = HtfPredictionLoader.Load(path);
        var expected = Expected(name);
        var single = expected.GetProperty("dtype").GetString() == "float32";
        Assert.Equal(single, map.SinglePrecision);
        foreach (var sample in expected.GetProperty("samples").EnumerateObject())
        {
            var rc = sample.Name.Split(',').Select(int.Parse).ToArray();
            Assert.Equal(sample.Value.GetDouble(), map.Values[(rc[0] * 224) + rc[1]]);
        }
        var bytes = single
            ? MemoryMarshal.AsBytes(map.Values.Select(v => (float)v).ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(map.Values.AsSpan()).ToArray();
        Assert.Equal(expected.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void WrongShapeAndMissingMapsAreOneLineNamingTheFile()
    {
        var small = Path.Combine(_dir, "small.npy");
        Npy.WriteFloat32(small, new float[14 * 14], 14, 14);
        Assert.Equal($"{small}: HTF map has shape (14, 14), expected (224, 224)", Assert.Throws<InputException>(() => HtfPredictionLoader.Load(small)).Message);
        var missing = Path.Combine(_dir, "none.npy");
        Assert.Equal($"{missing}: HTF map not found", Assert.Throws<InputException>(() => HtfPredictionLoader.Load(_dir, "none")).Message);
    }
}
