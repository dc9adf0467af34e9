using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SoundSight.Cli.Speed;
using SoundSight.Cli.Console;
using SoundSight.Localization;

namespace SoundSight.Cli.Commands;

/// <summary>`bench`: SoundSight's speed, printed beside the official PyTorch code's from the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var image = new Option<string?>("--image") { Description = "Picture to time (default: the embedded sample)." };
        var audio = new Option<string?>("--audio") { Description = "Sound to time (default: the embedded sample)." };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (medians are reported).", DefaultValueFactory = _ => 15 };
        var batch = new Option<int>("--batch") { Description = "Pairs per batch for the throughput figure.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for both implementations (default: all cores)." };
        var official = new Option<string?>("--official") { Description = "Checkout of github.com/kaistmm/SSLalignment: also time the official PyTorch code." };
        var python = new Option<string>("--python") { Description = "Python with torch, torchvision, scipy, soundfile, opencv (Debian: /usr/bin/python3).", DefaultValueFactory = _ => "/usr/bin/python3" };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON here." };

        var profile = new Option<bool>("--profile") { Description = "Instead: milliseconds per stage of the Winograd towers (per-layer tiles, and F2, F3, F4 everywhere) beside the direct towers." };
        var method = new Option<string>("--method") { Description = $"Whose model, front ends and map rule to time ({string.Join("|", Methods.MethodRegistry.All.Where(m => m.HasModel).Select(m => m.Name))}; formula weights); with --official, that method's official code is timed too.", DefaultValueFactory = _ => "ours" };
        var localize = new Command("localize", "Latency of one (picture, sound) pair and throughput at a batch, files to evaluation map.")
        {
            image, audio, repeats, batch, threads, official, python, json, profile, method,
        };
        localize.SetAction(parse => CommandRunner.Run(() =>
        {
            var n = TorchSetup.Resolve(parse.GetValue(threads));
            if (parse.GetValue(profile))
            {
                TorchSetup.Configure(n, InferenceBackend.Winograd);
                WinogradProfile.Print(n, parse.GetValue(repeats));
                return 0;
            }
            var samples = Path.Combine(AppContext.BaseDirectory, "samples");
            var imagePath = parse.GetValue(image) ?? Path.Combine(samples, "scene.jpg");
            var audioPath = parse.GetValue(audio) ?? Path.Combine(samples, "speech.wav");
            var r = parse.GetValue(repeats);
            var b = parse.GetValue(batch);

            var timed = Methods.MethodRegistry.Get(parse.GetValue(method)!);
            if (!timed.HasModel)
            {
                throw new IO.InputException("--method", $"{timed.Name} has no model to time (its maps are precomputed)");
            }
            System.Console.Error.WriteLine($"timing SoundSight's {timed.Name} ({r} repeats, {n} threads)...");
            var byBackend = new Dictionary<InferenceBackend, LocalizeSpeedRun.Result>();
            foreach (var backend in new[] { InferenceBackend.Onnx, InferenceBackend.Torch, InferenceBackend.Winograd })
            {
                TorchSetup.Configure(n, backend);
                byBackend[backend] = new LocalizeSpeedRun(imagePath, audioPath, new LocalizerOptions { Threads = n, Backend = backend }, timed).Run(r, b);
            }
            var (ours, oursTorch, oursWinograd) = (byBackend[InferenceBackend.Onnx], byBackend[InferenceBackend.Torch], byBackend[InferenceBackend.Winograd]);
            // What the default (no --backend) runs here, and why: the measured choice, per batch class.
            TorchSetup.Configure(n, backend: null);
            var (latencyChoice, batchChoice) = LocalizeSpeedRun.DefaultChoices(timed, n, b);
            JsonElement? reference = null;
            if (parse.GetValue(official) is { } officialDir)
            {
                System.Console.Error.WriteLine("timing the official PyTorch code...");
                reference = OfficialReference.Run(parse.GetValue(python)!, Path.Combine(OfficialReference.ToolsFolder(), "official_localize.py"),
                [
                    "--official", officialDir, "--image", imagePath, "--audio", audioPath, "--threads", n.ToString(CultureInfo.InvariantCulture),
                    "--repeats", r.ToString(CultureInfo.InvariantCulture), "--batch", b.ToString(CultureInfo.InvariantCulture), "--method", timed.Name,
                ]);
            }
            var c = CultureInfo.InvariantCulture;
            var refLatency = reference?.GetProperty("latency_ms_median").GetDouble();
            var refRate = reference?.GetProperty("pairs_per_s_median").GetDouble();
            var defaultLatency = byBackend[latencyChoice.Backend].LatencyMsMedian;
            var defaultRate = byBackend[batchChoice.Backend].PairsPerSecondMedian;
            System.Console.WriteLine($"| localize, {timed.Name} ({n} threads) | SoundSight (onnx) | SoundSight (torch) | SoundSight (winograd) | official PyTorch | SoundSight default | default vs official |");
            System.Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
            System.Console.WriteLine(string.Format(c, "| latency, 1 pair (median ms) | {0:0.0} | {1:0.0} | {2:0.0} | {3} | {4} | {5} |", ours.LatencyMsMedian, oursTorch.LatencyMsMedian, oursWinograd.LatencyMsMedian,
                refLatency is null ? "-" : refLatency.Value.ToString("0.0", c), BackendChoice.Name(latencyChoice.Backend), refLatency is null ? "-" : (refLatency.Value / defaultLatency).ToString("0.00x faster", c)));
            System.Console.WriteLine(string.Format(c, "| throughput, batch {0} (pairs/s) | {1:0.0} | {2:0.0} | {3:0.0} | {4} | {5} | {6} |", b, ours.PairsPerSecondMedian, oursTorch.PairsPerSecondMedian, oursWinograd.PairsPerSecondMedian,
                refRate is null ? "-" : refRate.Value.ToString("0.0", c), BackendChoice.Name(batchChoice.Backend), refRate is null ? "-" : (defaultRate / refRate.Value).ToString("0.00x faster", c)));
            System.Console.WriteLine($"default backend, 1 pair: {latencyChoice.Describe()}");
            System.Console.WriteLine($"default backend, batch {b}: {batchChoice.Describe()}");
            System.Console.WriteLine($"winograd's batched products: {Localization.WinogradProductEngine.DescribeForThisCpu()}");
            System.Console.WriteLine(string.Format(c, "largest evaluation-map difference from the torch path: onnx {0:0.0e+0}, winograd {1:0.0e+0}",
                LargestDifference(ours.Map, oursTorch.Map), LargestDifference(oursWinograd.Map, oursTorch.Map)));
            if (parse.GetValue(json) is { } jsonPath)
            {
                var payload = new Dictionary<string, object?>
                {
                    ["soundsight_onnx"] = ours,
                    ["soundsight_torch"] = oursTorch,
                    ["soundsight_winograd"] = oursWinograd,
                    ["official"] = reference,
                    ["threads"] = n,
                    ["method"] = timed.Name,
                    ["default_backend_latency"] = latencyChoice.Describe(),
                    ["default_backend_batch"] = batchChoice.Describe(),
                };
                IO.AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
            }
            return 0;
        }));
        return new Command("bench", "Speed runs beside the official PyTorch code, on this machine, in one run.") { localize, Train(), Evaluate() };
    }

    private static double LargestDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    private static Command Evaluate()
    {
        var maps = new Option<int>("--maps") { Description = "Random 224 x 224 float32 maps to score (IS3-style boxes, in pairs).", DefaultValueFactory = _ => 5000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (medians are reported).", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var official = new Option<string?>("--official") { Description = "Checkout of github.com/kaistmm/SSLalignment: also time its metric code (utils.Evaluator_iiou) on the same files." };
        var python = new Option<string>("--python") { DefaultValueFactory = _ => "/usr/bin/python3" };
        var command = new Command("evaluate", "Scoring speed of `evaluate --predictions` (maps/s) beside the authors' metric code, on the same .npy files.")
        {
            maps, repeats, seed, official, python,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var c = CultureInfo.InvariantCulture;
            var n = parse.GetValue(maps);
            var r = Math.Max(1, parse.GetValue(repeats));
            if (n < 2)
            {
                throw new IO.InputException("--maps", "at least 2 maps");
            }
            System.Console.Error.WriteLine($"writing {n} maps...");
            using var bench = new EvaluateSpeedRun(n, parse.GetValue(seed));
            System.Console.Error.WriteLine($"timing SoundSight ({r} repeats, {Environment.ProcessorCount} cores)...");
            bench.Run(); // warm-up: JIT and the file cache, as the official run finds the files cached too
            var runs = Enumerable.Range(0, r).Select(_ => bench.Run()).ToList();
            var ours = runs.OrderBy(t => t.Seconds).ElementAt(runs.Count / 2);
            var profile = bench.Profile();
            JsonElement? reference = null;
            if (parse.GetValue(official) is { } dir)
            {
                System.Console.Error.WriteLine("timing the official metric code...");
                reference = OfficialReference.Run(parse.GetValue(python)!, Path.Combine(OfficialReference.ToolsFolder(), "official_metrics.py"),
                    ["--official", dir, "--annotations", bench.AnnotationsPath, "--maps", bench.MapsFolder, "--repeats", r.ToString(c)]);
            }
            var oursRate = n / ours.Seconds;
            var single = profile.Load + profile.GroundTruth + profile.Threshold + profile.Iou + profile.Metrics;
            var theirRate = reference?.GetProperty("maps_per_s_median").GetDouble();
            System.Console.WriteLine($"| scoring {n} maps (median of {r}) | maps/s | seconds | ratio to official (maps/s) |");
            System.Console.WriteLine("| --- | --- | --- | --- |");
            System.Console.WriteLine(string.Format(c, "| SoundSight, evaluate's path ({0} cores) | {1:0} | {2:0.000} | {3} |", Environment.ProcessorCount, oursRate, ours.Seconds,
                theirRate is null ? "-" : (oursRate / theirRate.Value).ToString("0.00x", c)));
            System.Console.WriteLine(string.Format(c, "| SoundSight, 1 thread (profile pass) | {0:0} | {1:0.000} | {2} |", n / single, single,
                theirRate is null ? "-" : (n / single / theirRate.Value).ToString("0.00x", c)));
            System.Console.WriteLine(string.Format(c, "| official utils.Evaluator_iiou (numpy, 1 process) | {0} | {1} | 1.00x |",
                theirRate?.ToString("0", c) ?? "-", theirRate is null ? "-" : (n / theirRate.Value).ToString("0.000", c)));
            System.Console.WriteLine();
            System.Console.WriteLine(string.Format(c, "SoundSight 1-thread split (ms over all maps): load and normalise {0:0} | ground truth {1:0} | thresholds {2:0} | IoU {3:0} | metrics {4:0}",
                profile.Load * 1000, profile.GroundTruth * 1000, profile.Threshold * 1000, profile.Iou * 1000, profile.Metrics * 1000));
            System.Console.WriteLine(string.Format(c, "SoundSight: cIoU {0:0.000000} AUC {1:0.000000} cIoU_adap {2:0.000000} AUC_adap {3:0.000000} IIoU {4:0.000000} IAUC {5:0.000000}",
                ours.CIoU, ours.Auc, ours.CIoUAdaptive, ours.AucAdaptive, ours.IIoU, ours.IAuc));
            if (reference is { } refJson)
            {
                var m = refJson.GetProperty("metrics");
                double G(string key) => m.GetProperty(key).GetDouble();
                System.Console.WriteLine(string.Format(c, "official:   cIoU {0:0.000000} AUC {1:0.000000} cIoU_adap {2:0.000000} AUC_adap {3:0.000000} IIoU {4:0.000000} IAUC {5:0.000000}",
                    G("cIoU"), G("AUC"), G("cIoU_adaptive"), G("AUC_adaptive"), G("IIoU"), G("IAUC")));
                var pairs = new[] { (ours.CIoU, G("cIoU")), (ours.Auc, G("AUC")), (ours.CIoUAdaptive, G("cIoU_adaptive")), (ours.AucAdaptive, G("AUC_adaptive")), (ours.IIoU, G("IIoU")), (ours.IAuc, G("IAUC")) };
                var agree = pairs.All(p => Math.Abs(p.Item1 - p.Item2) < 1e-9);
                System.Console.WriteLine(agree ? "metrics agree (|difference| < 1e-9)" : "METRICS DIFFER");
                return agree ? 0 : 1;
            }
            return 0;
        }));
        return command;
    }

    private static Command Train()
    {
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes.", DefaultValueFactory = _ => [16, 32], AllowMultipleArgumentsPerToken = true };
        var sizes = new Option<int[]>("--image-size") { Description = "Image sides (224 official, 112 reduced).", DefaultValueFactory = _ => [224, 112], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "Timed steps per setting (median reported).", DefaultValueFactory = _ => 3 };
        var threads = new Option<int?>("--threads");
        var kccv = new Option<string?>("--kccv") { Description = "ssl_kccv/Alignment folder: also time the authors' PyTorch step (with --pipeline-only, their DataLoader)." };
        var python = new Option<string>("--python") { DefaultValueFactory = _ => "/usr/bin/python3" };
        var manifest = new Option<string?>("--pipeline-data") { Description = "A training manifest to time the input pipeline on (real decoding)." };
        var device = TorchSetup.DeviceOption();
        var pipelineOnly = new Option<bool>("--pipeline-only") { Description = "Time only the input pipeline (the model switched off) on --pipeline-data." };
        var profile = new Option<bool>("--profile") { Description = "With --pipeline-only: also one thread's milliseconds per stage of a pair." };
        var precision = new Option<string>("--precision") { Description = "SoundSight's encoders in fp32 (the authors') or bf16 (docs/training.md); the reference stays fp32.", DefaultValueFactory = _ => Models.EncoderPrecision.Float32 };
        var workers = new Option<int?>("--workers") { Description = "Decoding workers of the input pipeline (default: one per core, as `train`)." };
        var endToEnd = new Option<bool>("--end-to-end") { Description = "With --pipeline-data: also time training fed by the real input pipeline (prefetch, upload, step)." };
        var command = new Command("train", "Training step throughput (pairs/s), model only, beside the authors' PyTorch step; and the input pipeline's rate.")
        {
            batches, sizes, steps, threads, kccv, python, manifest, device, pipelineOnly, profile, endToEnd, precision, workers,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var n = TorchSetup.Configure(parse.GetValue(threads));
            var where = Runtime.ComputeDevice.Resolve(parse.GetValue(device)!);
            if (parse.GetValue(pipelineOnly))
            {
                return PipelineOnly(parse.GetValue(manifest), parse.GetValue(sizes)!, parse.GetValue(batches)!, parse.GetValue(profile), parse.GetValue(kccv), parse.GetValue(python)!);
            }
            var c = CultureInfo.InvariantCulture;
            var withEndToEnd = parse.GetValue(endToEnd);
            var arithmetic = parse.GetValue(precision)!;
            if (!Models.EncoderPrecision.IsValid(arithmetic))
            {
                throw new IO.InputException("--precision", $"must be fp32 or bf16, not '{arithmetic}'");
            }
            if (withEndToEnd && parse.GetValue(manifest) is null)
            {
                throw new IO.InputException("--end-to-end", "needs --pipeline-data (a training manifest; tools/bench/make_pipeline_data.sh makes one)");
            }
            System.Console.WriteLine($"| train step ({n} threads, {parse.GetValue(workers) ?? Environment.ProcessorCount} workers, {where}, {arithmetic}) | batch | SoundSight pairs/s | official PyTorch pairs/s | ratio | input pipeline pairs/s |{(withEndToEnd ? " end to end pairs/s | end to end / step |" : "")}");
            System.Console.WriteLine($"| --- | --- | --- | --- | --- | --- |{(withEndToEnd ? " --- | --- |" : "")}");
            foreach (var size in parse.GetValue(sizes)!)
            {
                // The reduced setting shortens the audio window in proportion (3 s -> 1.5 s at 112 px).
                var seconds = 3.0 * size / 224.0;
                var frames = new Audio.AudioWindow(10, 5 - (seconds / 2), 5 + (seconds / 2));
                var frameCount = new Audio.AudioFrontEnd(frames).Frames;
                foreach (var b in parse.GetValue(batches)!)
                {
                    System.Console.Error.WriteLine($"timing {size} px, batch {b}...");
                    var ours = TrainSpeedRun.StepPairsPerSecond(b, size, frameCount, parse.GetValue(steps), where, arithmetic);
                    double? theirs = null;
                    if (parse.GetValue(kccv) is { } dir)
                    {
                        theirs = OfficialReference.Run(parse.GetValue(python)!, Path.Combine(OfficialReference.ToolsFolder(), "official_train_step.py"),
                        [
                            "--kccv", dir, "--batch", b.ToString(c), "--image-size", size.ToString(c), "--frames", frameCount.ToString(c),
                            "--threads", n.ToString(c), "--steps", parse.GetValue(steps).ToString(c), "--device", parse.GetValue(device)!,
                        ]).GetProperty("pairs_per_s").GetDouble();
                    }
                    double? pipeline = parse.GetValue(manifest) is { } m ? TrainSpeedRun.Pipeline(m, b, size, seconds, 3, parse.GetValue(workers)).PairsPerSecond : null;
                    var endToEndCells = "";
                    if (withEndToEnd)
                    {
                        var e2e = TrainSpeedRun.EndToEndPairsPerSecond(parse.GetValue(manifest)!, b, size, seconds, Math.Max(3, parse.GetValue(steps)), where, arithmetic, parse.GetValue(workers));
                        endToEndCells = string.Format(c, " {0:0.00} | {1:0.00}x |", e2e, e2e / ours);
                    }
                    System.Console.WriteLine(string.Format(c, "| {0} px, {1:0.0} s audio | {2} | {3:0.00} | {4} | {5} | {6} |{7}", size, seconds, b, ours,
                        theirs?.ToString("0.00", c) ?? "-", theirs is null ? "-" : (ours / theirs.Value).ToString("0.00x", c), pipeline?.ToString("0.0", c) ?? "-", endToEndCells));
                }
            }
            System.Console.WriteLine();
            System.Console.WriteLine($"SoundSight's memory: {Runtime.MemoryUse.Describe(where)} (the reference runs in its own process)");
            return 0;
        }));
        return command;
    }

    /// <summary>The input pipeline alone: three-view batches per second from real files, the model switched off.</summary>
    private static int PipelineOnly(string? manifest, int[] sizes, int[] batches, bool profile, string? kccv, string python)
    {
        if (manifest is null)
        {
            throw new IO.InputException("--pipeline-only", "needs --pipeline-data (a training manifest; tools/bench/make_pipeline_data.sh makes one)");
        }
        var c = CultureInfo.InvariantCulture;
        var workers = Environment.ProcessorCount;
        // Said first: without the SIMD decoder the rate below is not what this machine can do.
        System.Console.WriteLine(new Imaging.ImageDecoder().UsesTurboJpeg
            ? "JPEG decoding: libjpeg-turbo with SIMD (libturbojpeg.so.0)"
            : "JPEG decoding: SkiaSharp, no SIMD (libturbojpeg.so.0 not found; scripts/setup.sh installs it), about 3x slower");
        System.Console.WriteLine();
        System.Console.WriteLine($"| input pipeline ({workers} workers) | batch | pairs/s | views/s (3 a pair) | KB allocated a pair | GCs | official PyTorch DataLoader pairs/s | ratio |");
        System.Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var size in sizes)
        {
            var seconds = 3.0 * size / 224.0;
            foreach (var b in batches)
            {
                var run = TrainSpeedRun.Pipeline(manifest, b, size, seconds, 12);
                // The authors' loader always cuts a 3-s window, so it does the same work only at 224 px.
                double? theirs = kccv is not null && size == 224
                    ? OfficialReference.Run(python, Path.Combine(OfficialReference.ToolsFolder(), "official_pipeline.py"),
                        ["--kccv", kccv, "--manifest", manifest, "--batch", b.ToString(c), "--image-size", size.ToString(c), "--workers", workers.ToString(c), "--batches", "12"])
                        .GetProperty("pairs_per_s").GetDouble()
                    : null;
                System.Console.WriteLine(string.Format(c, "| {0} px, {1:0.0} s audio | {2} | {3:0.0} | {4:0} | {5:0.0} | {6} | {7} | {8} |", size, seconds, b, run.PairsPerSecond,
                    3 * run.PairsPerSecond, run.AllocatedBytesPerPair / 1024, run.Collections, theirs?.ToString("0.0", c) ?? "-",
                    theirs is null ? "-" : (run.PairsPerSecond / theirs.Value).ToString("0.00x", c)));
            }
        }
        if (kccv is not null && sizes.Any(s => s != 224))
        {
            System.Console.WriteLine();
            System.Console.WriteLine("The authors' loader always cuts a 3-s window: it is timed beside SoundSight only at 224 px (3-s audio).");
        }
        if (profile)
        {
            System.Console.WriteLine();
            System.Console.WriteLine($"| one thread, ms per stage | {string.Join(" | ", sizes.Select(s => $"{s} px"))} |");
            System.Console.WriteLine($"| --- |{string.Concat(sizes.Select(_ => " --- |"))}");
            var rows = sizes.Select(s => TrainSpeedRun.PipelineProfile(manifest, s, 3.0 * s / 224.0, 16)).ToList();
            for (var k = 0; k < rows[0].Count; k++)
            {
                System.Console.WriteLine($"| {rows[0][k].Stage} | {string.Join(" | ", rows.Select(r => r[k].Milliseconds.ToString("0.00", c)))} |");
            }
        }
        return 0;
    }

}
