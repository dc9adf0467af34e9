namespace SoundSight.IO;

/// <summary>A parsed .npy header: the array's shape and dtype, and the byte offset and element count of its data.</summary>
public sealed record NpyHeader(int[] Shape, string DType, int DataOffset, long Count);
