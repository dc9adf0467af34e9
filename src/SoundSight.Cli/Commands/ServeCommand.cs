using System.CommandLine;
using SoundSight.Api;
using SoundSight.Cli.Console;
using SoundSight.Localization;
using SoundSight.Web;

namespace SoundSight.Cli.Commands;

/// <summary>
/// `serve`: the local web page and JSON API around one loaded model (docs/serve.md), chosen as localize chooses it:
/// the checkpoint's method, recognised (auto) or named with --method.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint of any method with a model (default: the demo's trained model, else untrained formula weights, said plainly on the page)." };
        var method = MethodSetup.MethodOption();
        var momentum = MethodSetup.MomentumOption();
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (default, this computer only); 0.0.0.0 opens it to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port.", DefaultValueFactory = _ => 8080 };
        var maxUpload = new Option<double>("--max-upload-mb") { Description = "Largest request (all files together), MB.", DefaultValueFactory = _ => 32 };
        var maxPixels = new Option<double>("--max-megapixels") { Description = "Largest picture or video frame, megapixels (checked from the header, before decoding).", DefaultValueFactory = _ => 12.6 };
        var maxAudio = new Option<double>("--max-audio-seconds") { Description = "Longest sound, seconds.", DefaultValueFactory = _ => 60 };
        var maxVideo = new Option<double>("--max-video-seconds") { Description = "Longest video, seconds.", DefaultValueFactory = _ => 30 };
        var maxJobs = new Option<int>("--max-jobs") { Description = "Jobs admitted at once (one runs, the rest wait); more are answered 503 busy.", DefaultValueFactory = _ => 4 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the model (default: all cores)." };
        var device = TorchSetup.DeviceOption();

        var command = new Command("serve", "A local web page (and JSON API) to drop a picture or video and sounds and see where each sound comes from.")
        {
            checkpoint, method, momentum, host, port, maxUpload, maxPixels, maxAudio, maxVideo, maxJobs, threads, device,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new ServeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                MaxUploadBytes = (long)(parse.GetValue(maxUpload) * 1024 * 1024),
                MaxImagePixels = (long)(parse.GetValue(maxPixels) * 1e6),
                MaxAudioSeconds = parse.GetValue(maxAudio),
                MaxVideoSeconds = parse.GetValue(maxVideo),
                MaxJobs = parse.GetValue(maxJobs),
            };
            options.Validate();
            // null: the backend measured fastest on this machine (Localizer.ChoiceFor), as localize does.
            InferenceBackend? backend = null;
            var n = TorchSetup.Configure(parse.GetValue(threads), backend);
            Runtime.ComputeDevice.Resolve(parse.GetValue(device)!);
            // The method is resolved and checked (HTF has no model; others need a checkpoint that fits) before a port opens.
            using var model = SoundSightModel.Load(parse.GetValue(checkpoint), new LocalizerOptions { Backend = backend, Threads = n, Device = parse.GetValue(device)! },
                parse.GetValue(method)!, MethodSetup.Options(parse, momentum));
            System.Console.Error.WriteLine($"model: {model.Description}");
            System.Console.Error.WriteLine($"method: {model.Method.Name} ({SettingFlags.Render(model.MethodReason)})");
            var server = SoundSightServer.Start(model, options);
            System.Console.WriteLine($"SoundSight is serving on {server.Address} (Ctrl+C stops it)");
            if (options.Host is not ("127.0.0.1" or "localhost" or "::1"))
            {
                System.Console.Error.WriteLine($"note: listening on {options.Host}: other computers on the network can use this page.");
            }
            server.WaitForShutdown();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }));
        return command;
    }
}
