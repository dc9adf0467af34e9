using static TorchSharp.torch;

namespace SoundSight.Training;

/// <summary>
/// Cross-modal retrieval recall: a query succeeds at K when one of its top-K results is its own pair, or, when
/// classes are given, has its class (the authors' protocol). Exact, computed in chunks of queries.
/// </summary>
public static class RetrievalMetrics
{
    public static IReadOnlyDictionary<int, double> Recall(Tensor queries, Tensor gallery, IReadOnlyList<string?>? classes, int[] ks, int chunk = 4096)
    {
        var n = (int)queries.shape[0];
        var hits = ks.ToDictionary(k => k, _ => 0);
        var maxK = Math.Min(ks.Max(), (int)gallery.shape[0]);
        for (var start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(chunk, n - start);
            var scores = matmul(queries.narrow(0, start, count), gallery.t());
            var top = scores.topk(maxK, dim: 1).indexes.data<long>().ToArray();
            for (var q = 0; q < count; q++)
            {
                var query = start + q;
                foreach (var k in ks)
                {
                    for (var r = 0; r < Math.Min(k, maxK); r++)
                    {
                        var result = (int)top[(q * maxK) + r];
                        var match = classes is not null && classes[query] is not null ? classes[result] == classes[query] : result == query;
                        if (match)
                        {
                            hits[k]++;
                            break;
                        }
                    }
                }
            }
        }
        return hits.ToDictionary(kv => kv.Key, kv => n == 0 ? 0.0 : kv.Value / (double)n);
    }
}
