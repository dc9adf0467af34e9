using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using SoundSight.IO;

namespace SoundSight.Imaging;

/// <summary>
/// Colour JPEGs decoded to RGB by libjpeg-turbo's TurboJPEG library with its SIMD kernels: the same library and
/// settings as PIL's decoder and SkiaSharp's (accurate integer IDCT, fancy upsampling), whose bundled copy is built
/// without SIMD and decodes about three times slower. Loaded from the application folder (where the GPU kit puts
/// it) or the system (Debian's libturbojpeg0, installed by scripts/setup.sh); <see cref="TryLoad"/> gives null when
/// neither is there, and the decoder then uses SkiaSharp alone. Decompressor handles are per thread (TurboJPEG's
/// are not thread-safe) and are released with their thread or this object.
/// </summary>
internal sealed unsafe class TurboJpeg
{
    private const string LibraryName = "libturbojpeg.so.0";
    private const int PixelFormatRgb = 0; // TJPF_RGB
    private const int ColorspaceYCbCr = 1; // TJCS_YCbCr

    private readonly delegate* unmanaged<nint> _init;
    private readonly delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> _header;
    private readonly delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> _decompress;
    private readonly delegate* unmanaged<nint, int> _destroy;
    private readonly ThreadLocal<Decompressor> _handles;

    private TurboJpeg(nint library)
    {
        _init = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "tjInitDecompress");
        _header = (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)NativeLibrary.GetExport(library, "tjDecompressHeader3");
        _decompress = (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)NativeLibrary.GetExport(library, "tjDecompress2");
        _destroy = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "tjDestroy");
        _handles = new ThreadLocal<Decompressor>(() => new Decompressor(_init(), _destroy));
    }

    /// <summary>The library with its four entry points, or null when it is not installed.</summary>
    public static TurboJpeg? TryLoad()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, LibraryName);
        if (!NativeLibrary.TryLoad(bundled, out var library) && !NativeLibrary.TryLoad(LibraryName, out library))
        {
            return null;
        }
        try
        {
            return new TurboJpeg(library);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decodes a colour (YCbCr) JPEG into RGB bytes. False for anything else and for any file the library warns
    /// about or refuses (truncated, corrupt, grey, CMYK, 12-bit): the caller decodes those as before, with its
    /// own behaviour and messages.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> jpeg, ReusableArrays<byte>? arrays, out int width, out int height, [NotNullWhen(true)] out byte[]? rgb)
    {
        (width, height, rgb) = (0, 0, null);
        var handle = _handles.Value!.Handle;
        if (handle == 0)
        {
            return false;
        }
        int w, h, subsampling, colorspace;
        fixed (byte* source = jpeg)
        {
            // Sizes no array can hold are left to the caller, which reports them.
            if (_header(handle, source, (nuint)jpeg.Length, &w, &h, &subsampling, &colorspace) != 0 || colorspace != ColorspaceYCbCr
                || w <= 0 || h <= 0 || (long)w * h * 3 > Array.MaxLength)
            {
                return false;
            }
            var length = w * h * 3;
            var pixels = arrays?.Get(length) ?? new byte[length];
            fixed (byte* target = pixels)
            {
                // Flags 0: accurate IDCT and fancy upsampling, TurboJPEG's defaults when decompressing (and PIL's).
                if (_decompress(handle, source, (nuint)jpeg.Length, target, w, w * 3, h, PixelFormatRgb, 0) != 0)
                {
                    return false;
                }
            }
            (width, height, rgb) = (w, h, pixels);
            return true;
        }
    }

    /// <summary>One thread's decompressor; the finalizer frees it when the thread (or the decoder) is gone.</summary>
    private sealed class Decompressor(nint handle, delegate* unmanaged<nint, int> destroy)
    {
        public nint Handle { get; } = handle;

        ~Decompressor()
        {
            if (Handle != 0)
            {
                destroy(Handle);
            }
        }
    }
}
