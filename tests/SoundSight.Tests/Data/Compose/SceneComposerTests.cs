using SoundSight.Data.Compose;
using SoundSight.Runtime;

namespace SoundSight.Tests.Data.Compose;

public sealed class SceneComposerTests
{
    private static readonly AssetKit Kit = AssetKit.Load(KitFixture.Embedded);

    private static byte[] Plain(int size, byte r, byte g, byte b)
    {
        var rgb = new byte[size * size * 3];
        for (var i = 0; i < size * size; i++)
        {
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = (r, g, b);
        }
        return rgb;
    }

    [Fact]
    public void MaskAndBoxAgreeWithThePastedAlpha()
    {
        const int size = 128;
        using var composer = new SceneComposer(new ComposeOptions());
        for (var seed = 0UL; seed < 20; seed++)
        {
            var obj = Kit.Objects["piano"][0];
            var scene = composer.Compose(size, Plain(size, 255, 0, 255), [(obj, true)], (0.35, 0.95), new SeededRandom(seed));
            var p = Assert.Single(scene.Objects);
            int x1 = size, y1 = size, x2 = 0, y2 = 0, maskCount = 0;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var i = (y * size) + x;
                    var inside = x >= p.X && x < p.X + p.Width && y >= p.Y && y < p.Y + p.Height;
                    var background = scene.Rgb[3 * i] == 255 && scene.Rgb[(3 * i) + 1] == 0 && scene.Rgb[(3 * i) + 2] == 255;
                    if (!inside)
                    {
                        Assert.True(background, $"pixel ({x},{y}) outside the pasted rectangle changed");
                        Assert.False(p.Mask[i]);
                    }
                    if (p.Mask[i])
                    {
                        maskCount++;
                        (x1, y1, x2, y2) = (Math.Min(x1, x), Math.Min(y1, y), Math.Max(x2, x + 1), Math.Max(y2, y + 1));
                        // At least half the object's colour: far from the magenta background in green.
                        Assert.True(scene.Rgb[(3 * i) + 1] > 40 || scene.Rgb[3 * i] < 200 || scene.Rgb[(3 * i) + 2] < 200, $"mask pixel ({x},{y}) shows background");
                    }
                }
            }
            Assert.Equal(new PixelBox(x1, y1, x2, y2), p.Box);
            // The mask covers the cut-out's opaque share of the pasted rectangle (bilinear edges aside).
            var opaqueShare = Enumerable.Range(0, obj.Width * obj.Height).Count(i => obj.Rgba[(4 * i) + 3] >= 128) / (double)(obj.Width * obj.Height);
            Assert.InRange(maskCount / (double)(p.Width * p.Height), opaqueShare - 0.05, opaqueShare + 0.05);
            Assert.Equal(1.0, p.VisibleShare);
        }
    }

    [Fact]
    public void OcclusionStaysWithinTheLimitAndMasksDoNotOverlap()
    {
        const int size = 96;
        var options = new ComposeOptions { MaxOcclusion = 0.2 };
        using var composer = new SceneComposer(options);
        var categories = Kit.Categories;
        for (var seed = 0UL; seed < 40; seed++)
        {
            var rng = new SeededRandom(seed, 7);
            var objects = rng.Permutation(categories.Count).Take(3).Select((c, k) => (Kit.Objects[categories[c]][0], k < 2)).ToList();
            var scene = composer.Compose(size, Plain(size, 0, 0, 0), objects, (0.35, 0.95), rng);
            Assert.Equal(3, scene.Objects.Count);
            Assert.Equal(2, scene.Sounding.Count());
            Assert.All(scene.Objects, o => Assert.True(o.VisibleShare >= 0.8, $"seed {seed}: {o.Category} {o.VisibleShare:0.000} visible"));
            for (var i = 0; i < size * size; i++)
            {
                Assert.True(scene.Objects.Count(o => o.Mask[i]) <= 1, "two objects claim one pixel");
            }
        }
    }

    [Fact]
    public void ObjectSizesFollowTheRequestedRange()
    {
        const int size = 64;
        using var composer = new SceneComposer(new ComposeOptions { MinObjectSide = 0.35, MaxObjectSide = 0.95 });
        var sides = new List<double>();
        var areas = new List<double>();
        for (var seed = 0UL; seed < 300; seed++)
        {
            var rng = new SeededRandom(seed, 11);
            var c = Kit.Categories[rng.Next(Kit.Categories.Count)];
            var scene = composer.Compose(size, Plain(size, 0, 0, 0), [(Kit.Objects[c][rng.Next(Kit.Objects[c].Count)], true)], (0.35, 0.95), rng);
            var p = scene.Objects[0];
            sides.Add(Math.Max(p.Width, p.Height) / (double)size);
            areas.Add(p.Box.Width * p.Box.Height / (double)(size * size));
        }
        Assert.All(sides, s => Assert.InRange(s, 0.33, 0.97));
        Assert.InRange(sides.Average(), 0.60, 0.70);
        // IS3's boxes cover 32.8 % of the picture on average; a single unoccluded object here a little more.
        Assert.InRange(areas.Average(), 0.28, 0.42);
    }

    /// <summary>An opaque bar four times as wide as it is tall: the shape that sizing by the longer side shrinks.</summary>
    private static KitObject Bar()
    {
        const int w = 80, h = 20;
        var rgba = new byte[w * h * 4];
        for (var i = 0; i < w * h; i++)
        {
            rgba[(i * 4) + 0] = 200;
            rgba[(i * 4) + 3] = 255;
        }
        return new KitObject("bar", "bar.png", w, h, rgba);
    }

    [Theory]
    [InlineData(ObjectScale.LongerSide, 0.6, 0.6 * 0.6 / 4)]   // longer side 0.6: a box of 0.6 x 0.15
    [InlineData(ObjectScale.BoxArea, 0.4, 0.4 * 0.4)]          // box area of a 0.4 square: 0.8 x 0.2
    [InlineData(ObjectScale.BoxArea, 0.6, 1.0 * 0.25)]         // 1.2 x 0.3 would overflow: capped at the picture's side
    public void TheObjectScaleSaysWhatTheShareMeasures(ObjectScale scale, double share, double expectedArea)
    {
        const int size = 200;
        using var composer = new SceneComposer(new ComposeOptions { ObjectScale = scale, MaxOcclusion = 0.25 });
        var scene = composer.Compose(size, Plain(size, 0, 0, 0), [(Bar(), true)], (share, share), new SeededRandom(3, 11));
        var box = scene.Objects[0].Box;
        Assert.Equal(4.0, box.Width / (double)box.Height, 1); // the shape is kept
        Assert.InRange(box.Width * box.Height / (double)(size * size), expectedArea * 0.95, expectedArea * 1.05);
    }
}
