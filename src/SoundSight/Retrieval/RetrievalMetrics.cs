using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>
/// Cross-modal retrieval recall R@K, the authors' protocol (ssl_kccv Alignment/train.py, compute_retrieval): a
/// query succeeds at K when one of its top-K gallery items has the query's class. Without classes (a benchmark or
/// manifest that has none) the query's own pair is the one right answer. Exact; the similarities are computed in
/// blocks (<see cref="TopKSearch"/>), so it runs in the memory of the embeddings plus one block.
/// Shared by training validation and the `retrieve` command.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>The K values the paper reports.</summary>
    public static readonly int[] PaperKs = [1, 5, 10];

    /// <param name="queries">[N, D]: query i is the pair of gallery row i.</param>
    /// <param name="gallery">[N, D].</param>
    /// <param name="classes">One class per pair, or null (then only the own pair counts).</param>
    public static IReadOnlyDictionary<int, double> Recall(Tensor queries, Tensor gallery, IReadOnlyList<string?>? classes, int[] ks,
        int queryChunk = TopKSearch.DefaultQueryChunk, int galleryChunk = TopKSearch.DefaultGalleryChunk)
    {
        var n = (int)queries.shape[0];
        if (classes is not null && classes.Count != n)
        {
            throw new ArgumentException($"{classes.Count} classes for {n} queries");
        }
        if (n == 0)
        {
            return ks.Distinct().ToDictionary(k => k, _ => 0.0);
        }
        var top = TopKSearch.Search(queries, gallery, ks.Max(), queryChunk, galleryChunk);
        var firstHit = FirstHitRanks(top, classes);
        return ks.Distinct().ToDictionary(k => k, k => firstHit.Count(r => r < k) / (double)n);
    }

    /// <summary>
    /// For each query, the 0-based rank of its first correct result within the top K, or int.MaxValue when none of
    /// the K is correct. R@k = share of queries whose first hit is below k.
    /// </summary>
    public static int[] FirstHitRanks(TopKResult top, IReadOnlyList<string?>? classes)
    {
        var ranks = new int[top.Queries];
        for (var q = 0; q < top.Queries; q++)
        {
            ranks[q] = int.MaxValue;
            var ranking = top.Ranking(q);
            for (var r = 0; r < ranking.Length; r++)
            {
                var result = ranking[r];
                var match = classes is not null && classes[q] is not null ? classes[result] == classes[q] : result == q;
                if (match)
                {
                    ranks[q] = r;
                    break;
                }
            }
        }
        return ranks;
    }
}
