using System.Runtime.Intrinsics.X86;
using System.Text;
using SoundSight.Models.Onnx;
using SoundSight.Models.Winograd;

namespace SoundSight.Localization;

/// <summary>
/// Which engine runs the Winograd towers' batched products on this CPU. libtorch's bmm calls MKL, which takes its
/// fast AVX-512 kernels only on Intel CPUs: on an AMD EPYC (Zen 5) ONNX Runtime's MatMul (MLAS) ran layer4's products
/// about twice as fast and made the Winograd towers the fastest backend for batches (docs/speed.md, 2026-12-07). On
/// the Intel Xeon the Winograd figures were measured with bmm, so Intel CPUs keep it.
/// </summary>
public static class WinogradProductEngine
{
    /// <summary>Whether a CPU of this vendor (the CPUID vendor string) runs the products on ONNX Runtime.</summary>
    public static bool UsesOnnxRuntime(string vendor) => vendor != "GenuineIntel";

    /// <summary>
    /// The engine for this CPU: SoundSight's AVX-512 kernel where the CPU has AVX-512, else a new ONNX Runtime
    /// session (the caller disposes it) or libtorch's bmm.
    /// </summary>
    public static IBatchedProduct ForThisCpu(int threads) =>
        Avx512BatchedProduct.IsSupported ? new Avx512BatchedProduct(threads)
        : UsesOnnxRuntime(Vendor()) ? new OnnxBatchedProduct(threads)
        : new LibtorchBatchedProduct();

    /// <summary>A line for people: which engine <see cref="ForThisCpu"/> picks, and why.</summary>
    public static string DescribeForThisCpu() =>
        Avx512BatchedProduct.IsSupported ? $"SoundSight's AVX-512 kernel (this {Vendor()} CPU has AVX-512F)"
        : UsesOnnxRuntime(Vendor()) ? $"ONNX Runtime's MatMul (MLAS) on this {Vendor()} CPU (MKL's bmm takes its fast kernels on Intel only)"
        : $"libtorch's bmm (MKL) on this {Vendor()} CPU";

    /// <summary>"GenuineIntel", "AuthenticAMD", ...; empty where CPUID is not available.</summary>
    public static string Vendor()
    {
        if (!X86Base.IsSupported)
        {
            return "";
        }
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var bytes = new byte[12];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), ebx);
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), edx);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), ecx);
        return Encoding.ASCII.GetString(bytes);
    }
}
