using System.CommandLine;
using SoundSight.Cli.Console;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Models.ImageNet;

namespace SoundSight.Cli.Commands;

/// <summary>
/// `saliency`: the OGL object saliency of pictures, written as native maps (&lt;stem&gt;.npy, 7 x 7 float32: mean
/// |activation| over channels) for `evaluate --ogl-saliency`, which upsamples and normalises them as the
/// benchmark's official code does.
/// </summary>
public static class SaliencyCommand
{
    private static readonly string[] PictureExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    public static Command Create()
    {
        var images = new Option<string[]>("--images") { Description = "Pictures, or folders of pictures.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Folder for the <stem>.npy saliency maps.", Required = true };
        var torchvision = new Option<string?>("--torchvision") { Description = "A torchvision resnet18 .pth to use instead of the offline ImageNet ResNet-18 of the NuGet package." };
        var threads = new Option<int?>("--threads");
        var command = new Command("saliency", "Object saliency of pictures for object-guided localization (OGL).") { images, output, torchvision, threads };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            TorchSetup.Configure(parse.GetValue(threads));
            var pictures = parse.GetValue(images)!.SelectMany(Expand).ToList();
            if (pictures.Count == 0)
            {
                throw new InputException(string.Join(", ", parse.GetValue(images)!), "no pictures found");
            }
            var outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            using var saliency = parse.GetValue(torchvision) is { } pth ? ObjectSaliency.FromTorchvision(pth) : ObjectSaliency.FromPackage(parse.GetValue(threads) ?? 0);
            System.Console.Error.WriteLine($"saliency network: {saliency.Source}");
            var decoder = new ImageDecoder();
            var frontEnd = new ImageFrontEnd(ObjectSaliency.Size);
            using (var bar = new ProgressBar("saliency", pictures.Count))
            {
                foreach (var picture in pictures)
                {
                    var native = saliency.NativeMap(frontEnd.ToArray(decoder.Decode(picture)));
                    var side = (int)Math.Round(Math.Sqrt(native.Length));
                    Npy.WriteFloat32(Path.Combine(outDir, Path.GetFileNameWithoutExtension(picture) + ".npy"), native, side, side);
                    bar.Advance();
                }
            }
            System.Console.WriteLine($"wrote {pictures.Count} saliency maps to {outDir}");
            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => PictureExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal)
            : [path];
}
