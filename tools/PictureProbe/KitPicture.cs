using SkiaSharp;
using SoundSight.Data.Compose;
using SoundSight.Imaging;

/// <summary>One picture of a kit (assets/kit, assets/ood, or a user's kit in the same layout).</summary>
internal sealed record KitPicture(string Path, string Category, string Artist)
{
    public float[] Embedding { get; set; } = [];

    /// <summary>Every picture of a kit as `compose --kit` reads it (<see cref="AssetKit"/>: images/&lt;category&gt;/).</summary>
    public static List<KitPicture> Read(string folder) =>
        AssetKit.Load(folder).Objects.Values.SelectMany(o => o).Select(o => new KitPicture(o.Path, o.Category, ArtistOf(System.IO.Path.GetFileName(o.Path)))).ToList();

    // The kit's file names carry the artist (piano-1f3b9 is Noto, piano-emojione-1f3b9, piano-symbola-1f3b9).
    private static string ArtistOf(string file) => file.Contains("-emojione-") ? "emojione" : file.Contains("-symbola-") ? "symbola" : "noto";

    /// <summary>
    /// The picture over mid-grey (alpha used, unlike the official loader, so that transparent pixels do not decide).
    /// With <paramref name="scene"/> &gt; 0 it is first shrunk as a scene of that size holds it (0.65 of the side), on
    /// a canvas of that size; otherwise on a square canvas of its longer side.
    /// </summary>
    public RgbImage OverGrey(int scene)
    {
        using var original = SKBitmap.Decode(Path) ?? throw new InvalidDataException($"{Path}: not a picture");
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
        return new RgbImage(side, side, rgb, Path);
    }
}
