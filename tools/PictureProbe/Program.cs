using SkiaSharp;
using SoundSight.Imaging;
using SoundSight.Models.ImageNet;

// Does the frozen ImageNet ResNet-18 (the vision tower every recipe of docs/learning.md starts from and keeps frozen)
// place a picture with its category? Each picture is composited over mid-grey (alpha used, unlike the official
// loader, so that transparent pixels do not decide), resized to 224 and embedded as its mean-pooled layer4 map; a
// picture's category is then guessed by its nearest neighbour and by the nearest category centroid of a reference
// set. With --scene 112, each picture is first shrunk as a scene of the demo holds it (0.65 of a 112-px picture's
// side), so the probe sees what survives the demo's resolution.
// Usage: dotnet run -c Release --project tools/PictureProbe -- assets/kit assets/ood [--scene 112]
if (args.Length is not (2 or 4))
{
    Console.Error.WriteLine("usage: PictureProbe <kit folder> <out-of-distribution kit folder> [--scene <picture size>]");
    return 2;
}
var scene = args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
var kit = Pictures(args[0]);
var ood = Pictures(args[1]);
var shared = ood.Select(p => p.Category).ToHashSet();
using var extractor = new ImageNetFeatureExtractor(ImageNetModelFiles.Locate());
var frontEnd = new ImageFrontEnd(ImageNetFeatureExtractor.InputSize);
foreach (var p in kit.Concat(ood))
{
    p.Embedding = Embed(extractor, frontEnd, p.Path, scene);
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
return 0;

static void Report(string name, List<Picture> queries, List<Picture> references, bool leaveOneOut)
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

static List<Picture> Pictures(string folder)
{
    var rows = File.ReadAllLines(Path.Combine(folder, "manifest.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "image");
    return rows.Select(c => new Picture(Path.Combine(folder, c[0]), c[2], ArtistOf(c[0]))).ToList();
}

// The kit's file names carry the artist (piano-1f3b9 is Noto, piano-emojione-1f3b9, piano-symbola-1f3b9).
static string ArtistOf(string file) => file.Contains("-emojione-") ? "emojione" : file.Contains("-symbola-") ? "symbola" : "noto";

static float[] Embed(ImageNetFeatureExtractor extractor, ImageFrontEnd frontEnd, string path, int scene)
{
    using var original = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a picture");
    var shrink = scene == 0 ? 1.0 : 0.65 * scene / Math.Max(original.Width, original.Height);
    using var bitmap = scene == 0 ? original.Copy() : original.Resize(new SKImageInfo(Math.Max(1, (int)Math.Round(original.Width * shrink)), Math.Max(1, (int)Math.Round(original.Height * shrink)), SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell));
    var side = scene == 0 ? Math.Max(bitmap.Width, bitmap.Height) : scene;
    using var canvasBitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
    using (var canvas = new SKCanvas(canvasBitmap))
    {
        canvas.Clear(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, (side - bitmap.Width) / 2f, (side - bitmap.Height) / 2f, new SKSamplingOptions(SKFilterMode.Nearest));
    }
    var rgb = new byte[side * side * 3];
    for (var y = 0; y < side; y++)
    {
        for (var x = 0; x < side; x++)
        {
            var c = canvasBitmap.GetPixel(x, y);
            var o = (y * side + x) * 3;
            (rgb[o], rgb[o + 1], rgb[o + 2]) = (c.Red, c.Green, c.Blue);
        }
    }
    var (values, shape) = extractor.Run(frontEnd.ToArray(new RgbImage(side, side, rgb, path)), ["layer4"])["layer4"];
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

static float Dot(float[] a, float[] b)
{
    var s = 0f;
    for (var i = 0; i < a.Length; i++)
    {
        s += a[i] * b[i];
    }
    return s;
}

static float[] Mean(IEnumerable<float[]> rows)
{
    var list = rows.ToList();
    var mean = new float[list[0].Length];
    foreach (var r in list)
    {
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] += r[i] / list.Count;
        }
    }
    return mean;
}

static float[] Normalize(float[] v)
{
    var norm = MathF.Sqrt(Dot(v, v));
    return v.Select(x => x / norm).ToArray();
}

internal sealed record Picture(string Path, string Category, string Artist)
{
    public float[] Embedding { get; set; } = [];
}
