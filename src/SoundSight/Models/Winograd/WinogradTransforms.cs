using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SoundSight.Models.Winograd;

/// <summary>
/// The data transforms of <see cref="WinogradTile"/> F2 and F4 on channels-last float32 memory, sixteen channels
/// per vector: input patches d to V = B^T d B laid out [(m + 2)^2, tiles, C] (the left operands of the batched
/// product), products M laid out [(m + 2)^2, tiles, K] back to Y = A^T M A + bias (+ residual) (then ReLU) in
/// [B, H, W, K]. Channels last makes every load and store a contiguous vector; the zero padding of the
/// convolution is read as zero vectors instead of being materialised. Work is split by rows of tiles.
/// </summary>
internal static unsafe class WinogradTransforms
{
    /// <summary>Channels per vector; channel counts must be multiples of it.</summary>
    public static readonly int Lanes = Vector512<float>.Count;

    /// <summary>How a [B, H, W] feature map is cut into m x m output tiles (the last row and column may overhang).</summary>
    public readonly record struct TileGrid(int Batch, int Height, int Width, int TileRows, int TileColumns)
    {
        public int Tiles => Batch * TileRows * TileColumns;
    }

    public static void Input(WinogradTile tile, float* x, float* v, TileGrid grid, int channels, int threads)
    {
        var plane = (long)grid.Tiles * channels;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        if (tile.OutputSide == 4)
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => InputRow4(x, v, grid, channels, row, plane, 0));
        }
        else if (tile.OutputSide == 3)
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => InputRow3(x, v, grid, channels, row, plane, 0));
        }
        else
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => InputRow2(x, v, grid, channels, row, plane, 0));
        }
    }

    public static void Output(WinogradTile tile, float* m, float* bias, float* residual, float* y, TileGrid grid, int channels, bool relu, int threads)
    {
        var plane = (long)grid.Tiles * channels;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        if (tile.OutputSide == 4)
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => OutputRow4(m, bias, residual, y, grid, channels, relu, row, plane, 0));
        }
        else if (tile.OutputSide == 3)
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => OutputRow3(m, bias, residual, y, grid, channels, relu, row, plane, 0));
        }
        else
        {
            Parallel.For(0, grid.Batch * grid.TileRows, options, row => OutputRow2(m, bias, residual, y, grid, channels, relu, row, plane, 0));
        }
    }

    /// <summary>
    /// <see cref="Input"/> for the tile rows [firstRow, firstRow + rows) (rows of the flattened (batch, tile row)
    /// index, whose tiles are consecutive) on this thread, into v laid out [(m + 2)^2, those tiles, C].
    /// </summary>
    public static void InputRows(WinogradTile tile, float* x, float* v, TileGrid grid, int channels, int firstRow, int rows)
    {
        var (plane, firstTile) = ((long)rows * grid.TileColumns * channels, (long)firstRow * grid.TileColumns);
        for (var row = firstRow; row < firstRow + rows; row++)
        {
            switch (tile.OutputSide)
            {
                case 4:
                    InputRow4(x, v, grid, channels, row, plane, firstTile);
                    break;
                case 3:
                    InputRow3(x, v, grid, channels, row, plane, firstTile);
                    break;
                default:
                    InputRow2(x, v, grid, channels, row, plane, firstTile);
                    break;
            }
        }
    }

    /// <summary><see cref="Output"/> for the tile rows [firstRow, firstRow + rows) on this thread, from m laid out [(m + 2)^2, those tiles, K].</summary>
    public static void OutputRows(WinogradTile tile, float* m, float* bias, float* residual, float* y, TileGrid grid, int channels, bool relu, int firstRow, int rows)
    {
        var (plane, firstTile) = ((long)rows * grid.TileColumns * channels, (long)firstRow * grid.TileColumns);
        for (var row = firstRow; row < firstRow + rows; row++)
        {
            switch (tile.OutputSide)
            {
                case 4:
                    OutputRow4(m, bias, residual, y, grid, channels, relu, row, plane, firstTile);
                    break;
                case 3:
                    OutputRow3(m, bias, residual, y, grid, channels, relu, row, plane, firstTile);
                    break;
                default:
                    OutputRow2(m, bias, residual, y, grid, channels, relu, row, plane, firstTile);
                    break;
            }
        }
    }

    /// <summary>One input element vector, or zeros outside the picture (the convolution's padding of 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* x, TileGrid g, int channels, int b, int yy, int xx, int c) =>
        (uint)yy < (uint)g.Height && (uint)xx < (uint)g.Width
            ? Vector512.Load(x + ((((((long)b * g.Height) + yy) * g.Width) + xx) * channels) + c)
            : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputRow4(float* x, float* v, TileGrid g, int channels, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[36];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var c = 0; c < channels; c += Lanes)
            {
                // Columns of the 6 x 6 patch through B^T, then the rows of the result.
                for (var j = 0; j < 6; j++)
                {
                    var (y0, xx) = ((4 * ty) - 1, (4 * tx) - 1 + j);
                    InputTransform4(
                        Load(x, g, channels, b, y0, xx, c), Load(x, g, channels, b, y0 + 1, xx, c), Load(x, g, channels, b, y0 + 2, xx, c),
                        Load(x, g, channels, b, y0 + 3, xx, c), Load(x, g, channels, b, y0 + 4, xx, c), Load(x, g, channels, b, y0 + 5, xx, c),
                        out t[j], out t[6 + j], out t[12 + j], out t[18 + j], out t[24 + j], out t[30 + j]);
                }
                var o = v + ((tile - firstTile) * channels) + c;
                for (var i = 0; i < 6; i++)
                {
                    var r = t + (6 * i);
                    InputTransform4(r[0], r[1], r[2], r[3], r[4], r[5], out var v0, out var v1, out var v2, out var v3, out var v4, out var v5);
                    var at = o + (6 * i * plane);
                    v0.Store(at);
                    v1.Store(at + plane);
                    v2.Store(at + (2 * plane));
                    v3.Store(at + (3 * plane));
                    v4.Store(at + (4 * plane));
                    v5.Store(at + (5 * plane));
                }
            }
        }
    }

    /// <summary>B^T d for F4: rows 4 0 -5 0 1 0 / 0 -4 -4 1 1 0 / 0 4 -4 -1 1 0 / 0 -2 -1 2 1 0 / 0 2 -1 -2 1 0 / 0 4 0 -5 0 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform4(
        Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4, Vector512<float> d5,
        out Vector512<float> r0, out Vector512<float> r1, out Vector512<float> r2, out Vector512<float> r3, out Vector512<float> r4, out Vector512<float> r5)
    {
        var (a, e) = (d4 - (4 * d2), d3 - (4 * d1));
        var (p, q) = (d4 - d2, 2 * (d3 - d1));
        r0 = (4 * d0) - (5 * d2) + d4;
        r1 = a + e;
        r2 = a - e;
        r3 = p + q;
        r4 = p - q;
        r5 = (4 * d1) - (5 * d3) + d5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputRow4(float* m, float* bias, float* residual, float* y, TileGrid g, int channels, bool relu, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[24];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var k = 0; k < channels; k += Lanes)
            {
                var src = m + ((tile - firstTile) * channels) + k;
                for (var j = 0; j < 6; j++)
                {
                    var at = src + (j * plane);
                    OutputTransform4(
                        Vector512.Load(at), Vector512.Load(at + (6 * plane)), Vector512.Load(at + (12 * plane)),
                        Vector512.Load(at + (18 * plane)), Vector512.Load(at + (24 * plane)), Vector512.Load(at + (30 * plane)),
                        out t[j], out t[6 + j], out t[12 + j], out t[18 + j]);
                }
                var bv = Vector512.Load(bias + k);
                for (var i = 0; i < 4 && (4 * ty) + i < g.Height; i++)
                {
                    var r = t + (6 * i);
                    OutputTransform4(r[0], r[1], r[2], r[3], r[4], r[5], out var o0, out var o1, out var o2, out var o3);
                    var yy = (4 * ty) + i;
                    Store(y, residual, g, channels, relu, b, yy, 4 * tx, k, o0 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (4 * tx) + 1, k, o1 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (4 * tx) + 2, k, o2 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (4 * tx) + 3, k, o3 + bv);
                }
            }
        }
    }

    /// <summary>A^T m for F4: rows 1 1 1 1 1 0 / 0 1 -1 2 -2 0 / 0 1 1 4 4 0 / 0 1 -1 8 -8 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputTransform4(
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4, Vector512<float> m5,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        var (p, q, r, s) = (m1 + m2, m1 - m2, m3 + m4, m3 - m4);
        o0 = m0 + p + r;
        o1 = q + (2 * s);
        o2 = p + (4 * r);
        o3 = q + (8 * s) + m5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputRow3(float* x, float* v, TileGrid g, int channels, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[25];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var c = 0; c < channels; c += Lanes)
            {
                for (var j = 0; j < 5; j++)
                {
                    var (y0, xx) = ((3 * ty) - 1, (3 * tx) - 1 + j);
                    InputTransform3(
                        Load(x, g, channels, b, y0, xx, c), Load(x, g, channels, b, y0 + 1, xx, c), Load(x, g, channels, b, y0 + 2, xx, c),
                        Load(x, g, channels, b, y0 + 3, xx, c), Load(x, g, channels, b, y0 + 4, xx, c),
                        out t[j], out t[5 + j], out t[10 + j], out t[15 + j], out t[20 + j]);
                }
                var o = v + ((tile - firstTile) * channels) + c;
                for (var i = 0; i < 5; i++)
                {
                    var r = t + (5 * i);
                    InputTransform3(r[0], r[1], r[2], r[3], r[4], out var v0, out var v1, out var v2, out var v3, out var v4);
                    var at = o + (5 * i * plane);
                    v0.Store(at);
                    v1.Store(at + plane);
                    v2.Store(at + (2 * plane));
                    v3.Store(at + (3 * plane));
                    v4.Store(at + (4 * plane));
                }
            }
        }
    }

    /// <summary>B^T d for F3: rows 2 -1 -2 1 0 / 0 -2 -1 1 0 / 0 2 -3 1 0 / 0 -1 0 1 0 / 0 2 -1 -2 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform3(
        Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4,
        out Vector512<float> r0, out Vector512<float> r1, out Vector512<float> r2, out Vector512<float> r3, out Vector512<float> r4)
    {
        r0 = (2 * (d0 - d2)) - d1 + d3;
        r1 = d3 - (2 * d1) - d2;
        r2 = d3 + (2 * d1) - (3 * d2);
        r3 = d3 - d1;
        r4 = (2 * (d1 - d3)) - d2 + d4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputRow3(float* m, float* bias, float* residual, float* y, TileGrid g, int channels, bool relu, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[15];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var k = 0; k < channels; k += Lanes)
            {
                var src = m + ((tile - firstTile) * channels) + k;
                for (var j = 0; j < 5; j++)
                {
                    var at = src + (j * plane);
                    OutputTransform3(
                        Vector512.Load(at), Vector512.Load(at + (5 * plane)), Vector512.Load(at + (10 * plane)), Vector512.Load(at + (15 * plane)), Vector512.Load(at + (20 * plane)),
                        out t[j], out t[5 + j], out t[10 + j]);
                }
                var bv = Vector512.Load(bias + k);
                for (var i = 0; i < 3 && (3 * ty) + i < g.Height; i++)
                {
                    var r = t + (5 * i);
                    OutputTransform3(r[0], r[1], r[2], r[3], r[4], out var o0, out var o1, out var o2);
                    var yy = (3 * ty) + i;
                    Store(y, residual, g, channels, relu, b, yy, 3 * tx, k, o0 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (3 * tx) + 1, k, o1 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (3 * tx) + 2, k, o2 + bv);
                }
            }
        }
    }

    /// <summary>A^T m for F3: rows 1 1 1 1 0 / 0 1 -1 2 0 / 0 1 1 4 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputTransform3(
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2)
    {
        var (p, q) = (m1 + m2, m1 - m2);
        o0 = m0 + p + m3;
        o1 = q + (2 * m3);
        o2 = p + (4 * m3) + m4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputRow2(float* x, float* v, TileGrid g, int channels, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[16];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var c = 0; c < channels; c += Lanes)
            {
                for (var j = 0; j < 4; j++)
                {
                    var (y0, xx) = ((2 * ty) - 1, (2 * tx) - 1 + j);
                    InputTransform2(
                        Load(x, g, channels, b, y0, xx, c), Load(x, g, channels, b, y0 + 1, xx, c), Load(x, g, channels, b, y0 + 2, xx, c), Load(x, g, channels, b, y0 + 3, xx, c),
                        out t[j], out t[4 + j], out t[8 + j], out t[12 + j]);
                }
                var o = v + ((tile - firstTile) * channels) + c;
                for (var i = 0; i < 4; i++)
                {
                    var r = t + (4 * i);
                    InputTransform2(r[0], r[1], r[2], r[3], out var v0, out var v1, out var v2, out var v3);
                    var at = o + (4 * i * plane);
                    v0.Store(at);
                    v1.Store(at + plane);
                    v2.Store(at + (2 * plane));
                    v3.Store(at + (3 * plane));
                }
            }
        }
    }

    /// <summary>B^T d for F2: rows 1 0 -1 0 / 0 1 1 0 / 0 -1 1 0 / 0 1 0 -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform2(
        Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3,
        out Vector512<float> r0, out Vector512<float> r1, out Vector512<float> r2, out Vector512<float> r3)
    {
        r0 = d0 - d2;
        r1 = d1 + d2;
        r2 = d2 - d1;
        r3 = d1 - d3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputRow2(float* m, float* bias, float* residual, float* y, TileGrid g, int channels, bool relu, int row, long plane, long firstTile)
    {
        var t = stackalloc Vector512<float>[8];
        var (b, ty) = (row / g.TileRows, row % g.TileRows);
        for (var tx = 0; tx < g.TileColumns; tx++)
        {
            var tile = (((long)b * g.TileRows) + ty) * g.TileColumns + tx;
            for (var k = 0; k < channels; k += Lanes)
            {
                var src = m + ((tile - firstTile) * channels) + k;
                for (var j = 0; j < 4; j++)
                {
                    var at = src + (j * plane);
                    OutputTransform2(Vector512.Load(at), Vector512.Load(at + (4 * plane)), Vector512.Load(at + (8 * plane)), Vector512.Load(at + (12 * plane)), out t[j], out t[4 + j]);
                }
                var bv = Vector512.Load(bias + k);
                for (var i = 0; i < 2 && (2 * ty) + i < g.Height; i++)
                {
                    var r = t + (4 * i);
                    OutputTransform2(r[0], r[1], r[2], r[3], out var o0, out var o1);
                    var yy = (2 * ty) + i;
                    Store(y, residual, g, channels, relu, b, yy, 2 * tx, k, o0 + bv);
                    Store(y, residual, g, channels, relu, b, yy, (2 * tx) + 1, k, o1 + bv);
                }
            }
        }
    }

    /// <summary>A^T m for F2: rows 1 1 1 0 / 0 1 -1 -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputTransform2(Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, out Vector512<float> o0, out Vector512<float> o1)
    {
        o0 = m0 + m1 + m2;
        o1 = m1 - m2 - m3;
    }

    /// <summary>One output vector, unless its column overhangs the map: plus the residual, then ReLU when asked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* y, float* residual, TileGrid g, int channels, bool relu, int b, int yy, int xx, int k, Vector512<float> value)
    {
        if (xx >= g.Width)
        {
            return;
        }
        var at = ((((((long)b * g.Height) + yy) * g.Width) + xx) * channels) + k;
        if (residual is not null)
        {
            value += Vector512.Load(residual + at);
        }
        if (relu)
        {
            value = Vector512.Max(value, Vector512<float>.Zero);
        }
        value.Store(y + at);
    }
}
