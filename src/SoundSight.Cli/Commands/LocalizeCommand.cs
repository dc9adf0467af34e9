using System.CommandLine;
using System.Globalization;
using SoundSight.Audio;
using SoundSight.Checkpoints;
using SoundSight.Cli.Console;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using SoundSight.Media;
using SoundSight.Methods;
using SoundSight.Models;

namespace SoundSight.Cli.Commands;

/// <summary>`localize`: where in a picture (or a video frame) each given sound comes from.</summary>
public static class LocalizeCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint (.pth/.pth.tar/.pt or .safetensors), e.g. the authors' ours_sup.pth.tar." };
        var image = new Option<string?>("--image") { Description = "Picture (JPEG, PNG, WebP, BMP, GIF)." };
        var audio = new Option<string[]>("--audio") { Description = "Sound (WAV, or any media ffmpeg reads). Repeat for several sounds on one picture: one map per sound.", AllowMultipleArgumentsPerToken = true };
        var video = new Option<string?>("--video") { Description = "Video: with --at, one frame and its own sound around that time (maps into the --out folder); with --out X.mp4, the whole video (heatmap video + contact sheet)." };
        var at = new Option<double?>("--at") { Description = "Time in seconds of the video frame (with --video)." };
        var output = new Option<string>("--out") { Description = "Output folder; or, with --video and no --at, the output video (.mp4, .mkv, .mov).", DefaultValueFactory = _ => "localize-output" };
        var step = new Option<double>("--step") { Description = "Whole-video mode: seconds between computed maps (frames in between are interpolated).", DefaultValueFactory = _ => 0.5 };
        var window = new Option<double>("--window") { Description = "Whole-video mode: seconds of sound centred on each step (the official window is 3).", DefaultValueFactory = _ => 3.0 };
        var upsample = new Option<string>("--upsample") { Description = "align-corners (official for IS3/Flickr/AVSBench) or half-pixel (official for VGG-SS, cv2.resize).", DefaultValueFactory = _ => "align-corners" };
        upsample.AcceptOnlyFromAmong("align-corners", "half-pixel");
        var exif = new Option<bool>("--exif-orientation") { Description = "Turn pictures upright by their EXIF tag (deviation: the official code ignores it)." };
        var sample = new Option<bool>("--sample") { Description = "Run on the embedded sample (a drawn scene and a speech clip)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the model (default: all cores)." };
        var backend = new Option<string>("--backend") { Description = "auto (the fastest here: each backend timed once per machine, model shape and batch, the choice cached per user; $SOUNDSIGHT_BACKEND overrides auto), winograd (Winograd 3x3 convolutions through TorchSharp, CPU), onnx (ONNX Runtime) or torch (TorchSharp as training runs it; docs/speed.md).", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong("auto", "winograd", "onnx", "torch");
        var device = TorchSetup.DeviceOption();
        var method = MethodSetup.MethodOption();
        var momentum = MethodSetup.MomentumOption();
        var unfolded = new Option<bool>("--no-fold-batchnorm") { Description = "With --backend torch: run BatchNorm as separate layers (bit-level comparisons) instead of folded into the convolutions." };

        var centredMaps = EvaluateCommand.CentredMapsOption();
        var flipAverage = EvaluateCommand.FlipAverageOption();
        var command = new Command("localize", "Show where in the picture each sound comes from: writes .raw.npy, .npy and .png per (picture, sound) pair.")
        {
            checkpoint, image, audio, video, at, output, upsample, exif, sample, threads, backend, unfolded, step, window, device, method, momentum, centredMaps, flipAverage,
        };
        command.SetAction(parse => CommandRunner.Run(() => Run(new Arguments(
            parse.GetValue(checkpoint),
            parse.GetValue(image),
            parse.GetValue(audio) ?? [],
            parse.GetValue(video),
            parse.GetValue(at),
            parse.GetValue(output)!,
            parse.GetValue(upsample) == "half-pixel" ? UpsampleMode.HalfPixel : UpsampleMode.AlignCorners,
            parse.GetValue(exif),
            parse.GetValue(sample),
            parse.GetValue(threads),
            parse.GetValue(backend) switch { "torch" => InferenceBackend.Torch, "winograd" => InferenceBackend.Winograd, "onnx" => InferenceBackend.Onnx, _ => null },
            !parse.GetValue(unfolded),
            parse.GetValue(step),
            parse.GetValue(window),
            parse.GetValue(device)!,
            parse.GetValue(method)!,
            MethodSetup.Options(parse, momentum),
            parse.GetValue(centredMaps),
            parse.GetValue(flipAverage)))));
        return command;
    }

    private sealed record Arguments(string? Checkpoint, string? Image, string[] Audio, string? Video, double? At, string Out, UpsampleMode Upsample, bool Exif, bool Sample, int? Threads, InferenceBackend? Backend, bool FoldBatchNorm, double Step, double Window, string Device, string Method, MethodOptions MethodOptions, bool CentredMaps, bool FlipAverage);

    private static readonly string[] VideoOutputs = [".mp4", ".mkv", ".mov"];

    private static bool WholeVideo(Arguments a) =>
        a.Video is not null && a.At is null && VideoOutputs.Contains(Path.GetExtension(a.Out), StringComparer.OrdinalIgnoreCase);

    private static int Run(Arguments a)
    {
        var threads = TorchSetup.Configure(a.Threads, a.Backend);
        Runtime.ComputeDevice.Resolve(a.Device); // refused before any work or output
        var (imagePath, audioPaths) = ResolveInputs(a);
        var options = new LocalizerOptions { Upsample = a.Upsample, ApplyExifOrientation = a.Exif, FoldBatchNorm = a.FoldBatchNorm, Backend = a.Backend, Threads = threads, Device = a.Device, CentredMaps = a.CentredMaps, FlipAverage = a.FlipAverage };
        if (WholeVideo(a))
        {
            return RunWholeVideo(a, options);
        }

        // Decode everything first, so a bad file is reported before the model is loaded.
        var picture = a.Video is not null
            ? new VideoFrameReader().ReadFrame(a.Video, a.At!.Value)
            : new ImageDecoder(a.Exif).Decode(imagePath!);
        var sounds = audioPaths.Count > 0
            ? audioPaths.Select(AudioLoader.Load).ToList()
            : [VideoLocalizer.ClipAround(AudioTrackReader.Read(a.Video!), a.At!.Value)];

        using var localizer = LoadModel(a, options);
        var results = localizer.Localize(picture, sounds);
        var writer = new LocalizationWriter(a.Out);
        foreach (var r in results)
        {
            var basePath = writer.Write(picture, r);
            System.Console.WriteLine(Describe(Path.GetFileName(basePath), r, picture));
        }
        System.Console.Error.WriteLine($"wrote {results.Count} map(s) to {Path.GetFullPath(a.Out)}");
        return 0;
    }

    /// <summary>The whole video: a heatmap video with the original sound, and a contact sheet beside it.</summary>
    private static int RunWholeVideo(Arguments a, LocalizerOptions options)
    {
        var videoOptions = new VideoLocalizerOptions { StepSeconds = a.Step, WindowSeconds = a.Window };
        var info = MediaInfo.Probe(a.Video!); // a bad file is reported before the model is loaded
        if (!info.HasVideo || !info.HasAudio)
        {
            throw new InputException(a.Video!, info.HasVideo ? "has no audio stream: nothing to localize" : "has no video stream");
        }
        var (localizer, hearsAnyClip) = LoadForVideo(a, options, videoOptions);
        using var owned = localizer;
        var sheet = Path.ChangeExtension(a.Out, ".sheet.png");
        ProgressBar? bar = null;
        var last = 0;
        var progress = new SynchronousProgress<(int Done, int Total)>(p =>
        {
            bar ??= new ProgressBar("localize video", p.Total);
            bar.Advance(p.Done - last);
            last = p.Done;
        });
        IReadOnlyList<VideoStep> steps;
        try
        {
            steps = new VideoLocalizer(localizer, videoOptions, hearsAnyClip).Run(a.Video!, a.Out, sheet, progress);
        }
        finally
        {
            bar?.Dispose();
        }
        var silent = steps.Count(s => s.Silent);
        System.Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: {1} maps every {2:0.###} s ({3} silent, shown without a map), encoded with {4}; contact sheet {5}",
            Path.GetFullPath(a.Out), steps.Count, a.Step, silent, VideoEncoder.Codec, Path.GetFullPath(sheet)));
        return 0;
    }

    private static (string? Image, List<string> Audio) ResolveInputs(Arguments a)
    {
        if (a.Sample)
        {
            if (a.Image is not null || a.Video is not null || a.Audio.Length > 0)
            {
                throw new InputException("--sample", "cannot be combined with --image, --video or --audio");
            }
            var dir = Path.Combine(AppContext.BaseDirectory, "samples");
            return (Path.Combine(dir, "scene.jpg"), [Path.Combine(dir, "speech.wav")]);
        }
        if (a.Video is not null)
        {
            if (a.Image is not null)
            {
                throw new InputException("--video", "give either --image or --video, not both");
            }
            if (WholeVideo(a))
            {
                if (a.Audio.Length > 0)
                {
                    throw new InputException("--audio", "the whole-video mode uses the video's own sound");
                }
                if (!(a.Step > 0) || !(a.Window >= 0.1))
                {
                    throw new InputException("--step/--window", "--step must be positive and --window at least 0.1 s");
                }
                return (null, []);
            }
            if (a.At is null)
            {
                throw new InputException("--video", "needs --at SECONDS (one frame, maps into the --out folder) or --out FILE.mp4 (the whole video)");
            }
            return (null, a.Audio.ToList());
        }
        if (a.Image is null)
        {
            throw new InputException("localize", "give --image (with --audio), --video (with --at), or --sample");
        }
        if (a.Audio.Length == 0)
        {
            throw new InputException("localize", "give at least one --audio for the picture");
        }
        return (a.Image, a.Audio.ToList());
    }

    /// <summary>No checkpoint: the demo's trained model, or else the authors' model with untrained formula weights.</summary>
    private static Localizer LoadDefault(LocalizerOptions options)
    {
        if (Demo.DefaultModel.Find(Environment.GetEnvironmentVariable) is { } trained)
        {
            // The demo's model learnt at a reduced resolution and window: it is run the way it was trained.
            System.Console.Error.WriteLine($"note: no --checkpoint given: using the default model from {trained.TrainedBy} ({trained.Describe()}); pass --checkpoint for another.");
            var demoOptions = trained.Apply(options);
            return Localizer.FromCheckpoint(trained.Checkpoint, demoOptions, out _);
        }
        System.Console.Error.WriteLine("note: no --checkpoint given and no default model (run `./soundsight demo` to train one): using an UNTRAINED model with formula weights; the maps show the pipeline, not where the sound is. Pass --checkpoint (e.g. the authors' ours_sup.pth.tar).");
        var model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(model, 20261124);
        return new Localizer(model, options);
    }

    /// <summary>The checkpoint's method (given or recognised) runs it; without a checkpoint, the authors' model.</summary>
    private static IPairLocalizer LoadModel(Arguments a, LocalizerOptions options)
    {
        if (a.Checkpoint is null)
        {
            RefuseOtherMethodWithoutCheckpoint(a);
            return LoadDefault(options);
        }
        var (method, reason) = MethodRegistry.Resolve(a.Method, a.Checkpoint);
        var localizer = method.Open(a.Checkpoint, method.Configure(options, null), a.MethodOptions, out var report);
        System.Console.Error.WriteLine($"checkpoint: {report.Summary()}; method {method.Name} ({SettingFlags.Render(reason)})");
        return localizer;
    }

    /// <summary>
    /// The whole-video mode's localizer, and whether its front end hears any clip (ours, LVS: each step hears the
    /// --window around its time) or takes its own window from a 10-s sound file (the other methods: each step is
    /// handed the 10 s around its time, as with --at).
    /// </summary>
    private static (IPairLocalizer Localizer, bool HearsAnyClip) LoadForVideo(Arguments a, LocalizerOptions options, VideoLocalizerOptions video)
    {
        var window = options with { Window = VideoLocalizer.WindowFor(video) };
        if (a.Checkpoint is null)
        {
            RefuseOtherMethodWithoutCheckpoint(a);
            return (LoadDefault(window), true);
        }
        var (method, reason) = MethodRegistry.Resolve(a.Method, a.Checkpoint);
        if (method is Methods.Ours.AvenetMethod { HearsAnyClip: true } avenet)
        {
            var localizer = avenet.OpenAvenet(a.Checkpoint, avenet.Configure(window, null), out var report);
            System.Console.Error.WriteLine($"checkpoint: {report.Summary()}; method {method.Name} ({SettingFlags.Render(reason)})");
            return (localizer, true);
        }
        var other = method.Open(a.Checkpoint, method.Configure(options, null), a.MethodOptions, out var otherReport);
        System.Console.Error.WriteLine($"checkpoint: {otherReport.Summary()}; method {method.Name} ({SettingFlags.Render(reason)}); each step hears its own window of the 10 s around it (--window sets only what counts as silent)");
        return (other, false);
    }

    private static void RefuseOtherMethodWithoutCheckpoint(Arguments a)
    {
        if (a.Method is not (MethodRegistry.Auto or "ours"))
        {
            throw new InputException("--method", $"{a.Method} needs --checkpoint (only the authors' model has a default)");
        }
    }

    private static string Describe(string name, PairLocalization r, RgbImage picture)
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Format(c, "{0}: peak at ({1:0}, {2:0}) px of {3}x{4}, peak similarity {5:0.000}, mean {6:0.000}",
            name, r.PeakX, r.PeakY, picture.Width, picture.Height, r.PeakSimilarity, r.MeanSimilarity);
        if (r.SemanticScore is { } s)
        {
            line += string.Format(c, ", s_A {0:0.000}", s);
        }
        if (r.SilentAudio)
        {
            line += " (silent audio: the map says nothing about a source)";
        }
        return line;
    }
}
