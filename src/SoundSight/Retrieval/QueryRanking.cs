using static TorchSharp.torch;

namespace SoundSight.Retrieval;

/// <summary>Ranks a gallery of files for one query embedding (exact, ties to the earlier file).</summary>
public static class QueryRanking
{
    /// <param name="query">[1, D] or [D].</param>
    /// <param name="gallery">[M, D], row i the embedding of <paramref name="files"/>[i].</param>
    public static IReadOnlyList<RankedItem> Rank(Tensor query, Tensor gallery, IReadOnlyList<string> files, int top)
    {
        using var q = query.reshape(1, -1);
        var result = TopKSearch.Search(q, gallery, Math.Max(1, top));
        var ranking = result.Ranking(0).ToArray();
        var scores = result.RankingScores(0).ToArray();
        return ranking.Select((index, r) => new RankedItem(r + 1, files[index], scores[r])).ToList();
    }
}
