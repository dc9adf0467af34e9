using SoundSight.IO;

namespace SoundSight.Tests.IO;

public sealed class NpyTests
{
    [Fact]
    public void Float32RoundTripKeepsShapeAndValues()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            float[] data = [1.5f, -2f, 3.25f, 0f, float.Epsilon, 7f];
            Npy.WriteFloat32(path, data, 2, 3);
            var bytes = File.ReadAllBytes(path);
            var headerLength = BitConverter.ToUInt16(bytes, 8);
            Assert.Equal(0, (10 + headerLength) % 64);
            var read = Npy.Read(path);
            Assert.Equal([2, 3], read.Shape);
            Assert.Equal("<f4", read.DType);
            Assert.Equal(data, read.ToFloat());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OneDimensionalShapeIsWrittenAsTuple()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            Npy.WriteFloat64(path, [1.0, 2.0], 2);
            Assert.Contains("'shape': (2,)", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path)));
            Assert.Equal([2], Npy.Read(path).Shape);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GarbageIsReportedWithTheFileName()
    {
        var e = Assert.Throws<InputException>(() => Npy.Parse("hello world!"u8, "x.npy"));
        Assert.StartsWith("x.npy:", e.Message);
    }
}
