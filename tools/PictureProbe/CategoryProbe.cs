using SoundSight.Imaging;
using SoundSight.Models.ImageNet;
using static Vectors;

/// <summary>
/// Does the frozen ImageNet ResNet-18 place a picture with its category? Each picture over mid-grey, resized to 224,
/// embedded as its mean-pooled layer4 map; its category guessed by the nearest picture and by the nearest category
/// centroid of a reference set. With a scene size, each picture is first shrunk as the demo's scenes hold it.
/// </summary>
internal static class CategoryProbe
{
    public static void Run(string kitFolder, string oodFolder, int scene)
    {
        var kit = KitPicture.Read(kitFolder);
        var ood = KitPicture.Read(oodFolder);
        var shared = ood.Select(p => p.Category).ToHashSet();
        using var extractor = new ImageNetFeatureExtractor(ImageNetModelFiles.Locate());
        var frontEnd = new ImageFrontEnd(ImageNetFeatureExtractor.InputSize);
        foreach (var p in kit.Concat(ood))
        {
            p.Embedding = Embed(extractor, frontEnd, p.OverGrey(scene));
        }
        var kitShared = kit.Where(p => shared.Contains(p.Category)).ToList();
        Console.WriteLine($"pictures: kit {kit.Count} ({kitShared.Count} in the {shared.Count} shared categories), out-of-distribution {ood.Count}; chance 1/{shared.Count} = {1.0 / shared.Count:F2}");
        Report("kit, leave one out, shared categories", kitShared, kitShared, leaveOneOut: true);
        foreach (var artist in kitShared.Select(p => p.Artist).Distinct())
        {
            Report($"kit {artist} against the other artists", kitShared.Where(p => p.Artist == artist).ToList(), kitShared.Where(p => p.Artist != artist).ToList(), leaveOneOut: false);
        }
        Report("out-of-distribution against the kit", ood, kitShared, leaveOneOut: false);
        Report("out-of-distribution, leave one out", ood, ood, leaveOneOut: true);
    }

    private static void Report(string name, List<KitPicture> queries, List<KitPicture> references, bool leaveOneOut)
    {
        var nearest = 0;
        var centroid = 0;
        foreach (var q in queries)
        {
            var pool = references.Where(r => !leaveOneOut || r.Path != q.Path).ToList();
            if (pool.MaxBy(r => Dot(q.Embedding, r.Embedding))!.Category == q.Category)
            {
                nearest++;
            }
            var best = pool.GroupBy(r => r.Category).MaxBy(g => Dot(q.Embedding, Normalize(Mean(g.Select(r => r.Embedding)))))!.Key;
            centroid += best == q.Category ? 1 : 0;
        }
        Console.WriteLine($"{name}: {queries.Count} pictures, nearest neighbour {(double)nearest / queries.Count:F2}, nearest centroid {(double)centroid / queries.Count:F2}");
    }

    private static float[] Embed(ImageNetFeatureExtractor extractor, ImageFrontEnd frontEnd, RgbImage picture)
    {
        var (values, shape) = extractor.Run(frontEnd.ToArray(picture), ["layer4"])["layer4"];
        var positions = shape[1] * shape[2];
        var pooled = new float[shape[0]];
        for (var ch = 0; ch < shape[0]; ch++)
        {
            for (var p = 0; p < positions; p++)
            {
                pooled[ch] += values[ch * positions + p] / positions;
            }
        }
        return Normalize(pooled);
    }
}
