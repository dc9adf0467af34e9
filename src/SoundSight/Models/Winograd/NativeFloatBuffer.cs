using System.Runtime.InteropServices;

namespace SoundSight.Models.Winograd;

/// <summary>
/// Float memory outside the managed heap, 64-byte aligned, grown when a call needs more and kept for the next: the
/// Winograd towers' scratch (patch matrices of several MB, blocks of transformed tiles) reused call after call,
/// with no allocation and no fresh pages per call. A managed buffer of that size would sit in the large object heap
/// (pooled, it stayed with every thread that served a call: a server's heap grew by it).
/// </summary>
internal sealed unsafe class NativeFloatBuffer : IDisposable
{
    private float* _memory;
    private long _length;

    public float* AtLeast(long length)
    {
        if (length > _length)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float), 64);
            _length = length;
        }
        return _memory;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_memory);
        _memory = null;
        _length = 0;
    }
}
