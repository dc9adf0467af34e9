using SoundSight.IO;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// Where the ImageNet ResNet-18 graphs of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT)
/// are found: beside the application (the build copies them to ImageNet/ in every output folder, see
/// SoundSight.csproj), else in the NuGet package cache that `dotnet restore` filled, or in a folder named by the
/// SOUNDSIGHT_IMAGENET_DIR environment variable (holding ResNet18Onnx/ and ResNetPrepOnnx/ as in the package).
/// </summary>
public sealed record ImageNetModelFiles(string Network, string Preprocess)
{
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    public const string PackageVersion = "0.23.1";
    private const string NetworkFile = "ResNet18Onnx/ResNet18.onnx";
    private const string PreprocessFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>The first folder of the search order that holds both graphs.</summary>
    public static ImageNetModelFiles Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SOUNDSIGHT_IMAGENET_DIR") is { Length: > 0 } overridden)
        {
            candidates.Add(overridden);
        }
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "ImageNet"));
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(packages, PackageId, PackageVersion, "tools", "DnnImageModels"));
        foreach (var folder in candidates)
        {
            var files = new ImageNetModelFiles(Path.Combine(folder, NetworkFile), Path.Combine(folder, PreprocessFile));
            if (File.Exists(files.Network) && File.Exists(files.Preprocess))
            {
                return files;
            }
        }
        throw new InputException(candidates[0],
            $"the ImageNet ResNet-18 graphs were not found (looked in {string.Join(", ", candidates)}); `dotnet build` downloads the NuGet package {PackageId} {PackageVersion}, or set SOUNDSIGHT_IMAGENET_DIR");
    }

    /// <summary>True when <see cref="Locate"/> would succeed (tests that need the package skip otherwise).</summary>
    public static bool Available()
    {
        try
        {
            Locate();
            return true;
        }
        catch (InputException)
        {
            return false;
        }
    }
}
