namespace SoundSight.IO;

/// <summary>
/// Arrays one worker is handed again and again, so a loop that decodes picture after picture (or clip after clip)
/// stops allocating: a length asked for recently gets the same array back, its old contents left in it. Holds the
/// arrays of the last few lengths, since a dataset's pictures come in a few sizes. Not thread-safe: one per worker.
/// </summary>
/// <remarks>
/// An array returned by <see cref="Get"/> is the caller's only until the next call on this instance: whatever was
/// built on it (an <see cref="Imaging.RgbImage"/>, an <see cref="Audio.AudioClip"/>) must be finished with by then.
/// </remarks>
public sealed class ReusableArrays<T>
{
    private const int Slots = 4;
    private readonly T[]?[] _arrays = new T[Slots][];
    private int _oldest;

    /// <summary>An array of exactly this length; its contents are whatever the previous user left.</summary>
    public T[] Get(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        foreach (var array in _arrays)
        {
            if (array is not null && array.Length == length)
            {
                return array;
            }
        }
        var fresh = GC.AllocateUninitializedArray<T>(length);
        _arrays[_oldest] = fresh;
        _oldest = (_oldest + 1) % Slots;
        return fresh;
    }
}
