using System.Text.Json;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// Rebuilds the maps of tools/golden/evaluation_fixtures.py from their recipes, bit for bit: a counter-based
/// SplitMix64 stream, optional quantisation, scale and offset, an optional raised box, then the dtype cast.
/// </summary>
internal static class MapRecipes
{
    public const int N = 224;

    public static double[] SplitMix(ulong seed, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            unchecked
            {
                var z = seed + ((ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                values[i] = (z >> 11) * (1.0 / 9007199254740992.0);
            }
        }
        return values;
    }

    /// <summary>The map as doubles (float32 values when Single) and whether it is float32.</summary>
    public static (double[] Values, bool Single) Make(JsonElement recipe)
    {
        var single = recipe.GetProperty("dtype").GetString() == "f4";
        double[] v;
        if (recipe.TryGetProperty("constant", out var c))
        {
            v = Enumerable.Repeat(c.GetDouble(), N * N).ToArray();
        }
        else
        {
            var u = SplitMix(recipe.GetProperty("seed").GetUInt64(), N * N);
            var levels = recipe.GetProperty("levels").GetInt32();
            var scale = recipe.GetProperty("scale").GetDouble();
            var offset = recipe.GetProperty("offset").GetDouble();
            v = new double[N * N];
            for (var i = 0; i < v.Length; i++)
            {
                var x = levels > 0 ? Math.Floor(u[i] * levels) / levels : u[i];
                v[i] = (x * scale) + offset;
            }
            if (recipe.TryGetProperty("boost", out var boost))
            {
                var b = recipe.GetProperty("boost_box").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                for (var y = b[1]; y < b[3]; y++)
                {
                    for (var x = b[0]; x < b[2]; x++)
                    {
                        v[(y * N) + x] += boost.GetDouble();
                    }
                }
            }
        }
        if (single)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = (float)v[i];
            }
        }
        return (v, single);
    }

    public static void Save(string path, (double[] Values, bool Single) map)
    {
        if (map.Single)
        {
            SoundSight.IO.Npy.WriteFloat32(path, map.Values.Select(v => (float)v).ToArray(), N, N);
        }
        else
        {
            SoundSight.IO.Npy.WriteFloat64(path, map.Values, N, N);
        }
    }
}
