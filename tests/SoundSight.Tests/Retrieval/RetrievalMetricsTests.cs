using System.Text.Json;
using SoundSight.Retrieval;
using static TorchSharp.torch;

namespace SoundSight.Tests.Retrieval;

/// <summary>The exact chunked top-K and R@K against a brute-force sort, and against the authors' compute_retrieval.</summary>
public class RetrievalMetricsTests
{
    /// <summary>Small integer coordinates: dot products are exact in float32 whatever the summation order, and tie often.</summary>
    private static float[] IntegerRows(Random rng, int rows, int dim) =>
        Enumerable.Range(0, rows * dim).Select(_ => (float)rng.Next(-2, 3)).ToArray();

    /// <summary>Reference: every score, a full stable sort by (score descending, index ascending), the first K.</summary>
    private static int[] BruteForceTop(float[] q, float[] g, int n, int m, int dim, int query, int k)
    {
        var scores = Enumerable.Range(0, m).Select(j => Enumerable.Range(0, dim).Sum(d => (double)q[(query * dim) + d] * g[(j * dim) + d])).ToArray();
        return Enumerable.Range(0, m).OrderByDescending(j => scores[j]).ThenBy(j => j).Take(k).ToArray();
    }

    [Theory]
    [InlineData(53, 61, 7, 13, 10)]
    [InlineData(40, 37, 1, 5, 5)]
    [InlineData(29, 8, 64, 3, 10)]
    public void TopKEqualsTheBruteForceSortWithTiesAndAnyChunks(int n, int m, int queryChunk, int galleryChunk, int k)
    {
        var rng = new Random(n * 31 + m);
        const int dim = 6;
        var q = IntegerRows(rng, n, dim);
        var g = IntegerRows(rng, m, dim);
        using var queries = tensor(q, [n, dim]);
        using var gallery = tensor(g, [m, dim]);
        var top = TopKSearch.Search(queries, gallery, k, queryChunk, galleryChunk);
        var whole = TopKSearch.Search(queries, gallery, k, 100000, 100000);
        Assert.Equal(Math.Min(k, m), top.K);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(BruteForceTop(q, g, n, m, dim, i, k), top.Ranking(i).ToArray());
            Assert.Equal(whole.Ranking(i).ToArray(), top.Ranking(i).ToArray());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RecallEqualsTheBruteForceReference(bool withClasses)
    {
        var rng = new Random(withClasses ? 5 : 6);
        const int n = 47;
        const int dim = 5;
        var a = IntegerRows(rng, n, dim);
        var v = IntegerRows(rng, n, dim);
        var classes = withClasses ? Enumerable.Range(0, n).Select(_ => (string?)$"c{rng.Next(6)}").ToList() : null;
        using var audio = tensor(a, [n, dim]);
        using var image = tensor(v, [n, dim]);
        foreach (var (queries, gallery, qv, gv) in new[] { (audio, image, a, v), (image, audio, v, a) })
        {
            var recall = RetrievalMetrics.Recall(queries, gallery, classes, [1, 5, 10], queryChunk: 9, galleryChunk: 11);
            foreach (var k in new[] { 1, 5, 10 })
            {
                var hits = Enumerable.Range(0, n).Count(i => BruteForceTop(qv, gv, n, n, dim, i, k).Any(j => classes is null ? j == i : classes[j] == classes[i]));
                Assert.Equal(hits / (double)n, recall[k], 15);
            }
        }
    }

    [Fact]
    public void RecallEqualsTheAuthorsComputeRetrieval()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Retrieval", "retrieval_official.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            using var audio = Rows(c.GetProperty("audio"));
            using var image = Rows(c.GetProperty("image"));
            var classes = c.GetProperty("classes").EnumerateArray().Select(e => (string?)e.GetString()).ToList();
            // Chunks that divide nothing, to show they do not matter.
            var a2i = RetrievalMetrics.Recall(audio, image, classes, RetrievalMetrics.PaperKs, queryChunk: 17, galleryChunk: 23);
            var i2a = RetrievalMetrics.Recall(image, audio, classes, RetrievalMetrics.PaperKs, queryChunk: 17, galleryChunk: 23);
            var expectedA2I = c.GetProperty("audio_to_image").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expectedI2A = c.GetProperty("image_to_audio").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (var i = 0; i < 3; i++)
            {
                var k = RetrievalMetrics.PaperKs[i];
                Assert.True(Math.Abs(expectedA2I[i] - a2i[k]) <= 1e-12, $"A2I R@{k}: {a2i[k]} vs {expectedA2I[i]}");
                Assert.True(Math.Abs(expectedI2A[i] - i2a[k]) <= 1e-12, $"I2A R@{k}: {i2a[k]} vs {expectedI2A[i]}");
            }
        }
    }

    [Fact]
    public void NonFiniteEmbeddingsAreRefused()
    {
        using var q = tensor(new[] { float.NaN, 1f }, [1, 2]);
        using var g = tensor(new[] { 1f, 0f }, [1, 2]);
        Assert.Throws<ArgumentException>(() => TopKSearch.Search(q, g, 1));
    }

    private static Tensor Rows(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToList();
        return tensor(list.SelectMany(r => r).ToArray(), [list.Count, list[0].Length]);
    }
}
