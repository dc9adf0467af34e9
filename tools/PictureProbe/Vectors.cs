internal static class Vectors
{
    public static float Dot(float[] a, float[] b)
    {
        var s = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    public static float[] Mean(IEnumerable<float[]> rows)
    {
        var list = rows.ToList();
        var mean = new float[list[0].Length];
        foreach (var r in list)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += r[i] / list.Count;
            }
        }
        return mean;
    }

    public static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return v.Select(x => x / norm).ToArray();
    }
}
