// Diagnostics for docs/learning.md: what the frozen ImageNet vision encoder (the one every recipe there starts from
// and keeps frozen) knows about the kits' pictures.
//   classify: does it place a picture with its category (nearest picture / category centroid of another set)?
//   localize: given the sounding category's prototype from a kit's pictures instead of a sound, does its map find the
//             object in a composed scene? Writes one .npy map per entry for `soundsight evaluate --predictions`.
// Usage:
//   dotnet run -c Release --project tools/PictureProbe -- classify assets/kit assets/ood [--scene 112]
//   dotnet run -c Release --project tools/PictureProbe -- localize <checkpoint> <prototype kit> <IS3-layout test root> <maps out> [--scene 112] [--centred]
var usage = """
    usage: PictureProbe classify <kit folder> <out-of-distribution kit folder> [--scene <picture size>]
           PictureProbe localize <checkpoint> <prototype kit folder> <IS3-layout test root> <maps out> [--scene <picture size>] [--centred]
    """;
var centred = args.Contains("--centred");
var (positional, scene) = ParseScene(args.Where(a => a != "--centred").ToArray());
switch (positional)
{
    case ["classify", var kit, var ood]:
        CategoryProbe.Run(kit, ood, scene);
        return 0;
    case ["localize", var checkpoint, var kit, var testRoot, var maps]:
        LocalizationProbe.Run(checkpoint, kit, testRoot, maps, scene == 0 ? 112 : scene, centred);
        return 0;
    default:
        Console.Error.WriteLine(usage);
        return 2;
}

static (string[] Positional, int Scene) ParseScene(string[] args)
{
    var i = Array.IndexOf(args, "--scene");
    if (i < 0 || i == args.Length - 1)
    {
        return (args, 0);
    }
    return (args.Where((_, k) => k != i && k != i + 1).ToArray(), int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture));
}
