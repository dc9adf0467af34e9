// Localizes the sample picture with the sample sound through the SoundSight NuGet package: the map's peak and
// numbers on stdout, the maps (.raw.npy, .npy, .png) in the output folder. Usage:
//   PackageConsumer [OUTPUT-FOLDER] [CHECKPOINT]
using SoundSight.Api;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;

var output = args.Length > 0 ? args[0] : "package-consumer-output";
var checkpoint = args.Length > 1 ? args[1] : null;
var picture = Path.Combine(AppContext.BaseDirectory, "scene.jpg");
var sound = Path.Combine(AppContext.BaseDirectory, "speech.wav");
try
{
    using var model = SoundSightModel.Load(checkpoint);
    Console.WriteLine($"model: {model.Description}");
    var writer = new LocalizationWriter(output);
    var decoded = new ImageDecoder().Decode(picture);
    foreach (var map in model.Localize(decoded, [AudioLoader.Load(sound)]))
    {
        var files = writer.Write(decoded, map);
        Console.WriteLine($"{Path.GetFileName(map.AudioSource)}: peak at ({map.PeakX:0}, {map.PeakY:0}) px of {decoded.Width}x{decoded.Height}, " +
            $"peak similarity {map.PeakSimilarity:0.000}, s_A {map.SemanticScore:0.000}; wrote {files}.png");
    }
    return 0;
}
catch (InputException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
