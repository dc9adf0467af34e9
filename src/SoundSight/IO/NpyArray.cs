namespace SoundSight.IO;

/// <summary>An n-dimensional array read from or written to a NumPy .npy file, held as doubles in C order.</summary>
public sealed record NpyArray(int[] Shape, double[] Data, string DType)
{
    public int Count => Data.Length;

    public float[] ToFloat()
    {
        var result = new float[Data.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)Data[i];
        }
        return result;
    }
}
