using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>
/// Exact top-K search by dot product (cosine similarity for normalised rows) of every query row against every
/// gallery row, in blocks of queries x gallery rows so that the full N x M similarity matrix never exists: memory is
/// one score block plus K results per query, whatever N (200k x 200k would be 160 GB as one matrix). Each query
/// keeps its K best in a small sorted buffer; ties go to the lower gallery index, so the ranking does not depend on
/// the block sizes (scores are float32 dot products, as the authors' einsum).
/// </summary>
public static class TopKSearch
{
    public const int DefaultQueryChunk = 1024;
    public const int DefaultGalleryChunk = 16384;

    /// <param name="queries">[N, D] float32.</param>
    /// <param name="gallery">[M, D] float32.</param>
    /// <param name="k">Results per query (at most M are returned).</param>
    public static TopKResult Search(Tensor queries, Tensor gallery, int k, int queryChunk = DefaultQueryChunk, int galleryChunk = DefaultGalleryChunk)
    {
        if (queries.dim() != 2 || gallery.dim() != 2 || queries.shape[1] != gallery.shape[1])
        {
            throw new ArgumentException($"queries [N, D] and gallery [M, D] must agree: {Shape(queries)} vs {Shape(gallery)}");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryChunk, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(galleryChunk, 1);
        var n = (int)queries.shape[0];
        var m = (int)gallery.shape[0];
        if (!queries.isfinite().all().item<bool>() || !gallery.isfinite().all().item<bool>())
        {
            throw new ArgumentException("embeddings contain NaN or infinity");
        }
        var kept = Math.Min(k, m);
        var indices = new int[n * kept];
        var scores = new float[n * kept];
        using var q32 = queries.to_type(ScalarType.Float32).contiguous();
        using var g32 = gallery.to_type(ScalarType.Float32).contiguous();
        var block = new float[Math.Min(queryChunk, Math.Max(n, 1)) * Math.Min(galleryChunk, Math.Max(m, 1))];
        for (var qs = 0; qs < n; qs += queryChunk)
        {
            var qc = Math.Min(queryChunk, n - qs);
            var counts = new int[qc];
            for (var gs = 0; gs < m; gs += galleryChunk)
            {
                var gc = Math.Min(galleryChunk, m - gs);
                using (var scope = NewDisposeScope())
                {
                    var s = matmul(q32.narrow(0, qs, qc), g32.narrow(0, gs, gc).t()).contiguous();
                    s.data<float>().CopyTo(block.AsSpan(0, qc * gc));
                }
                var galleryStart = gs;
                Parallel.For(0, qc, q => Merge(block.AsSpan(q * gc, gc), galleryStart, indices.AsSpan((qs + q) * kept, kept), scores.AsSpan((qs + q) * kept, kept), ref counts[q]));
            }
        }
        return new TopKResult(n, kept, indices, scores);
    }

    /// <summary>
    /// Inserts a block's scores into one query's sorted top list. The gallery is visited in increasing index order,
    /// so a later item with an equal score never displaces an earlier one (ties: lower index first); a NaN score is
    /// never kept.
    /// </summary>
    private static void Merge(ReadOnlySpan<float> row, int galleryStart, Span<int> best, Span<float> bestScores, ref int count)
    {
        var capacity = best.Length;
        for (var j = 0; j < row.Length; j++)
        {
            var v = row[j];
            if (count == capacity ? !(v > bestScores[capacity - 1]) : float.IsNaN(v))
            {
                continue;
            }
            var at = count == capacity ? capacity - 1 : count++;
            while (at > 0 && v > bestScores[at - 1])
            {
                bestScores[at] = bestScores[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            bestScores[at] = v;
            best[at] = galleryStart + j;
        }
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}

/// <summary>For each of <see cref="Queries"/> queries, its <see cref="K"/> best gallery rows, best first.</summary>
public sealed record TopKResult(int Queries, int K, int[] Indices, float[] Scores)
{
    public ReadOnlySpan<int> Ranking(int query) => Indices.AsSpan(query * K, K);

    public ReadOnlySpan<float> RankingScores(int query) => Scores.AsSpan(query * K, K);
}
