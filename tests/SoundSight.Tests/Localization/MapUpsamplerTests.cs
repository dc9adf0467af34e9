using SoundSight.IO;
using SoundSight.Maps;

namespace SoundSight.Tests.Localization;

/// <summary>Upsampling and normalisation against F.interpolate / cv2.resize / normalize_img of the official code.</summary>
public sealed class MapUpsamplerTests
{
    private static NpyArray Fixture(string name) =>
        Npy.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Localization", name));

    [Theory]
    [InlineData(UpsampleMode.AlignCorners, "upsampled_align_corners.npy")]
    [InlineData(UpsampleMode.HalfPixel, "upsampled_half_pixel.npy")]
    public void MatchesOfficialInterpolation(UpsampleMode mode, string expectedName)
    {
        var maps = Fixture("maps14.npy").ToFloat();
        var expected = Fixture(expectedName).ToFloat();
        for (var m = 0; m < 3; m++)
        {
            var up = MapUpsampler.Upsample(maps.AsSpan(m * 196, 196), 14, 14, 224, 224, mode);
            for (var i = 0; i < up.Length; i++)
            {
                Assert.True(Math.Abs(up[i] - expected[(m * 224 * 224) + i]) <= 1e-6, $"map {m} pixel {i}: {up[i]} vs {expected[(m * 224 * 224) + i]}");
            }
        }
    }

    [Fact]
    public void PredictionMatchesOfficialNormalisation()
    {
        var maps = Fixture("maps14.npy").ToFloat();
        var expected = Fixture("prediction_align_corners.npy").ToFloat();
        // Map 2 is constant: torch's float32 interpolation turns it into rounding noise of range 1e-8, which the
        // official normalisation then stretches to [0, 1]; we keep a constant map constant (checked below).
        for (var m = 0; m < 2; m++)
        {
            var up = MapUpsampler.Upsample(maps.AsSpan(m * 196, 196), 14, 14, 224, 224, UpsampleMode.AlignCorners);
            var pred = MapNormalization.OfficialPrediction(up);
            for (var i = 0; i < pred.Length; i++)
            {
                Assert.True(Math.Abs(pred[i] - expected[(m * 224 * 224) + i]) <= 1e-5, $"map {m} pixel {i}");
            }
        }
    }

    [Fact]
    public void ConstantMapStaysConstant()
    {
        var maps = Fixture("maps14.npy").ToFloat();
        var up = MapUpsampler.Upsample(maps.AsSpan(2 * 196, 196), 14, 14, 224, 224, UpsampleMode.AlignCorners);
        var pred = MapNormalization.OfficialPrediction(up);
        Assert.All(pred, v => Assert.Equal(1.25f, v));
    }

    [Fact]
    public void CornersAreKeptExactlyWithAlignCorners()
    {
        float[] map = [1, 2, 3, 4];
        var up = MapUpsampler.Upsample(map, 2, 2, 5, 5, UpsampleMode.AlignCorners);
        Assert.Equal(1f, up[0]);
        Assert.Equal(2f, up[4]);
        Assert.Equal(3f, up[20]);
        Assert.Equal(4f, up[24]);
        Assert.Equal(2.5f, up[12]);
    }
}
