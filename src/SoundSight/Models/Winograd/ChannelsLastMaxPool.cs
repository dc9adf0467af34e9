using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace SoundSight.Models.Winograd;

/// <summary>
/// ReLU then the ResNet stem's 3 x 3 / stride 2 / padding 1 max pool on channels-last memory, in one pass
/// (max(0, window) = max over the window of ReLU). libtorch's max_pool2d took 13 to 16 ms on the audio stem's
/// [1, 64, 129, 150] here, most of the audio tower once its convolutions were fast.
/// </summary>
internal static unsafe class ChannelsLastMaxPool
{
    /// <summary>x: [B, H, W, C] contiguous float32, C a multiple of 16. Returns [B, Ho, Wo, C].</summary>
    public static Tensor ReluThenPool(Tensor x, int threads)
    {
        var (b, h, w, c) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);
        var (ho, wo) = (((h - 1) / 2) + 1, ((w - 1) / 2) + 1);
        var y = empty(b, ho, wo, c);
        fixed (byte* input = x.bytes)
        fixed (byte* output = y.bytes)
        {
            var src = (float*)input;
            var dst = (float*)output;
            Parallel.For(0, b * ho, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, row => Row(src, dst, h, w, c, ho, wo, row));
        }
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* x, float* y, int h, int w, int channels, int ho, int wo, int row)
    {
        var (b, oy) = (row / ho, row % ho);
        for (var ox = 0; ox < wo; ox++)
        {
            for (var c = 0; c < channels; c += Vector512<float>.Count)
            {
                var best = Vector512<float>.Zero;
                for (var yy = Math.Max(0, (2 * oy) - 1); yy <= Math.Min(h - 1, (2 * oy) + 1); yy++)
                {
                    for (var xx = Math.Max(0, (2 * ox) - 1); xx <= Math.Min(w - 1, (2 * ox) + 1); xx++)
                    {
                        best = Vector512.Max(best, Vector512.Load(x + ((((((long)b * h) + yy) * w) + xx) * channels) + c));
                    }
                }
                best.Store(y + ((((((long)b * ho) + oy) * wo) + ox) * channels) + c);
            }
        }
    }
}
