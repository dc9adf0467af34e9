using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.Evaluation;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Media;
using SoundSight.Training;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Demo;

/// <summary>
/// report.html of the demo: the official numbers of the trained model beside the untrained one and the EZ-VSL
/// baseline, whether the paper's interactivity claim holds on this data, success curves, loss curves, and test
/// scenes with one heatmap per sound.
/// </summary>
public sealed class DemoReport(DemoSettings settings, string output)
{
    private static readonly (string Key, string Label)[] Columns =
    [
        ("cIoU", "cIoU"), ("AUC", "AUC"), ("cIoU_adaptive", "cIoU adap."), ("AUC_adaptive", "AUC adap."),
        ("IIoU", "IIoU"), ("IAUC", "IAUC"), ("IIoU_adaptive", "IIoU adap."), ("IAUC_adaptive", "IAUC adap."), ("mIoU", "mIoU"),
    ];

    private static readonly SKColor[] Colours = [new(0xD6, 0x27, 0x28), new(0x7F, 0x7F, 0x7F), new(0x1F, 0x77, 0xB4)];

    public string Write(IReadOnlyList<DemoModelResult> results, int steps, TimeSpan elapsed, IReadOnlyList<QualityPoint> curve, JsonObject ceiling, JsonObject numbers)
    {
        var c = CultureInfo.InvariantCulture;
        var assets = Path.Combine(output, "report-files");
        Directory.CreateDirectory(assets);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>SoundSight demo</title><style>")
            .Append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".scene{display:flex;gap:8px;margin:8px 0;align-items:flex-start}.scene figure{margin:0;text-align:center;font-size:12px}")
            .Append("img{image-rendering:pixelated}</style></head><body>");
        html.Append("<h1>SoundSight demo: learning where sounds come from, on a CPU</h1>");
        html.Append(c, $"<p>{settings.TrainScenes} training scenes composed from the embedded kit (emoji objects, General MIDI and espeak-ng sounds), ")
            .Append(c, $"{settings.ImageSize}-px pictures and a {settings.AudioSeconds:0.##}-s audio window. The alignment method (original, augmented and ")
            .Append(c, $"mined-neighbour views; s_L and s_A) trained for {steps} steps of {settings.BatchSize} pairs within its {settings.TrainingBudget.TotalMinutes:0.#}-minute budget, ")
            .Append("on an ImageNet ResNet-18 vision encoder kept frozen (a CPU-budget deviation: only the audio encoder and the projection heads learn), ")
            .Append(settings.AudioInit == Models.ImageNet.AudioInitialization.ImageNet
                ? "the audio encoder starting from the same ImageNet weights with a grey stem (a deviation: the authors start it at random); "
                : "the audio encoder starting at random; ")
            .Append(settings.TrainingPrecision == Models.EncoderPrecision.BFloat16
                ? "both encoders computing in bfloat16 while training (a deviation for speed, with float32 weights; evaluation in float32); "
                : "in float32; ")
            .Append(c, $"EZ-VSL trained the same number of steps from the same start. Whole demo: {elapsed.TotalMinutes:0.0} minutes.</p>");

        html.Append("<h2>The held-out interactive set (IS3 layout, two sounding objects per picture)</h2>");
        html.Append("<p>Official metrics (percent), as <code>./soundsight evaluate --benchmark is3</code> computes them; retrieval on the validation scenes.</p><table><tr><th>model</th>");
        foreach (var (_, label) in Columns)
        {
            html.Append("<th>").Append(label).Append("</th>");
        }
        html.Append("<th>audio&rarr;image R@1</th><th>R@5</th><th>image&rarr;audio R@1</th></tr>");
        foreach (var r in results)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(Describe(r.Name))).Append("</td>");
            foreach (var (key, _) in Columns)
            {
                html.Append("<td>").Append(Percent(r.Evaluation[key])).Append("</td>");
            }
            foreach (var key in new[] { "audio_to_image_r1", "audio_to_image_r5", "image_to_audio_r1" })
            {
                html.Append("<td>").Append(r.Retrieval is { } ret && ret.TryGetValue(key, out var v) ? (100 * v).ToString("0.0", c) : "-").Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (numbers["selected_official_map"] is JsonObject official)
        {
            var reading = settings.Reading;
            html.Append("<p>Every map here is read as a deviation from the official cosine map (the training is the authors'): ")
                .Append(reading.Centred ? "scene-centred (each location's feature less the picture's mean feature before the cosine with the sound)" : "")
                .Append(reading.Centred && reading.FlipAverage ? " and " : "")
                .Append(reading.FlipAverage ? "flip-averaged (averaged with the mirrored picture's map, mirrored back)" : "")
                .Append(c, $"; docs/learning.md. With the official map the model handed to <code>localize</code> scores cIoU {Percent(official["cIoU"])} and IIoU {Percent(official["IIoU"])} on these scenes.</p>");
        }
        else
        {
            html.Append("<p>Every map here is the official cosine map.</p>");
        }
        html.Append(c, $"<p>The plain threshold predicts half the picture, so no continuous map can score more than {Percent(ceiling["cIoU"])} cIoU and {Percent(ceiling["IIoU"])} IIoU on these scenes ")
            .Append(c, $"(an object under about a quarter of the picture never reaches IoU 0.5). The test objects' longer side is {settings.TestMinObjectSide:0.##} to {settings.TestMaxObjectSide:0.##} of the picture's ")
            .Append("(training scenes: IS3-like sizes); on IS3's own boxes the bound is 58.5% cIoU and 30.4% IIoU (<code>./soundsight evaluate --benchmark is3 --annotations synthetic3240_bbox.json --ceiling</code>). The adaptive columns size the prediction to the object instead.</p>");
        html.Append("<p><b>").Append(WebUtility.HtmlEncode(Claim(results))).Append("</b></p>");
        AppendOutOfDistribution(html, numbers);
        AppendSelection(html, numbers);
        AppendNeighbours(html, numbers);

        var curves = results.Select((r, i) => (ShortName(r.Name), SuccessCurve.OfSamples(r.Samples.Select(s => s.Score.Iou).ToList()), Colours[i % Colours.Length])).ToList();
        AtomicFile.WriteAllBytes(Path.Combine(assets, "success.png"), SuccessCurveChart.RenderPng(curves, "Share of samples with IoU >= threshold"));
        html.Append("<h2>Success curves</h2><img src=\"report-files/success.png\" alt=\"success curves\">");

        AtomicFile.WriteAllBytes(Path.Combine(assets, "quality-vs-time.png"), QualityCurveChart.RenderPng(curve));
        html.Append("<h2>Quality against training time</h2><p>The alignment model scored on the held-out set after each slice of its budget (0 = the untrained start).</p>")
            .Append("<img src=\"report-files/quality-vs-time.png\" alt=\"quality against training time\">");
        html.Append("<h2>Training</h2>");
        foreach (var method in new[] { "alignment", "ezvsl" })
        {
            var loss = Path.Combine(output, "runs", method, "loss.png");
            if (File.Exists(loss))
            {
                File.Copy(loss, Path.Combine(assets, $"loss-{method}.png"), overwrite: true);
                html.Append("<figure><img src=\"report-files/loss-").Append(method).Append(".png\" width=\"560\"><figcaption>").Append(method).Append(" loss per step</figcaption></figure>");
            }
        }

        html.Append("<h2>Test scenes: one map per sound</h2><p>Each row is one picture; each map answers \"where is this sound?\" for the trained model (left pair) and EZ-VSL (right pair).</p>");
        AppendScenes(html, results, assets);
        html.Append("<p>Reproduce: <code>./soundsight demo</code> (results.json holds every number; <code>./soundsight localize --image X --audio Y</code> now uses the trained model).</p>");
        html.Append("</body></html>");
        var page = Path.Combine(output, "report.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    /// <summary>The same models on the shipped out-of-distribution set (drawings and sounds from sources the kit does not use).</summary>
    private static void AppendOutOfDistribution(StringBuilder html, JsonObject numbers)
    {
        if (numbers["out_of_distribution"] is not JsonObject ood)
        {
            return;
        }
        html.Append("<h2>Out of distribution</h2><p>The shipped out-of-distribution set (<code>assets/ood</code>: Open Clip Art drawings and MuseScore General sounds of 11 of the kit's categories, composed as the held-out scenes, each drawing sized by its box area since the drawings are far more elongated than the kit's pictures): official metrics (percent).");
        if (numbers["out_of_distribution_ceiling"] is JsonObject ceiling)
        {
            html.Append(CultureInfo.InvariantCulture, $" No continuous map can score more than {Percent(ceiling["cIoU"])} cIoU and {Percent(ceiling["IIoU"])} IIoU on these scenes with the plain threshold.");
        }
        html.Append("</p><table><tr><th>model</th>");
        foreach (var (_, label) in Columns)
        {
            html.Append("<th>").Append(label).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var (name, evaluation) in ood)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(name == "ezvsl" ? "EZ-VSL" : "alignment (chosen step)")).Append("</td>");
            foreach (var (key, _) in Columns)
            {
                html.Append("<td>").Append(Percent(evaluation?[key])).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    /// <summary>Which model `localize` now uses and the validation numbers it was chosen on (the held-out set chose nothing).</summary>
    private static void AppendSelection(StringBuilder html, JsonObject numbers)
    {
        var c = CultureInfo.InvariantCulture;
        var selected = numbers["selected"]!.AsObject();
        var validation = numbers["validation"]!.AsObject();
        html.Append("<h2>The model handed to <code>localize</code>, chosen on validation data</h2>")
            .Append(c, $"<p>{numbers["trained_steps"]} of the alignment run's {numbers["training_steps"]} steps were kept: each slice's model was scored on ")
            .Append("an interactive validation set (the held-out layout, two sounding objects per picture, but the validation clips) and the best IIoU stopped the run there. ")
            .Append("That model and EZ-VSL were then compared on the same validation set: ")
            .Append(WebUtility.HtmlEncode(selected["reason"]!.GetValue<string>())).Append(", so <code>localize</code> now uses ")
            .Append(selected["model"]!.GetValue<string>() == "ezvsl" ? "the EZ-VSL model" : "the alignment model").Append(".</p><table><tr><th>validation (interactive)</th>");
        foreach (var (_, label) in Columns)
        {
            html.Append("<th>").Append(label).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var (name, key) in new[] { ("alignment (chosen step)", "trained"), ("EZ-VSL", "ezvsl") })
        {
            html.Append("<tr><td>").Append(name).Append("</td>");
            foreach (var (column, _) in Columns)
            {
                html.Append("<td>").Append(Percent(validation[key]?[column])).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    /// <summary>How right the neighbour view's lists are (precision against the scenes' categories, which the mining never reads).</summary>
    private static void AppendNeighbours(StringBuilder html, JsonObject numbers)
    {
        var neighbours = numbers["neighbours"]!.AsObject();
        html.Append("<h2>The neighbour view</h2><p>Mining: <code>").Append(WebUtility.HtmlEncode(neighbours["mining"]!.GetValue<string>()))
            .Append("</code> (no labels read). The share of each anchor's neighbours whose category is the anchor's (precision) and the share that are the anchor's own file:</p>")
            .Append("<table><tr><th>neighbours</th><th>precision@1</th><th>@5</th><th>@K</th><th>K</th><th>same file</th></tr>");
        if (neighbours["quality"] is JsonObject quality)
        {
            foreach (var (label, key) in new[] { ("pictures", "image"), ("sounds", "audio") })
            {
                var q = quality[key]!.AsObject();
                html.Append("<tr><td>").Append(label).Append("</td><td>").Append(Percent(q["precision_at_1"])).Append("</td><td>").Append(Percent(q["precision_at_5"]))
                    .Append("</td><td>").Append(Percent(q["precision_at_k"])).Append("</td><td>").Append(q["k"]!.ToJsonString()).Append("</td><td>").Append(Percent(q["same_file"])).Append("</td></tr>");
            }
        }
        html.Append("</table>");
    }

    private string Describe(string name) => name switch
    {
        "trained" => "alignment (trained)",
        "untrained" => settings.AudioInit == Models.ImageNet.AudioInitialization.ImageNet ? "untrained (ImageNet vision and audio start)" : "untrained (ImageNet vision, random audio)",
        "ezvsl" => "EZ-VSL baseline (same steps)",
        _ => name,
    };

    private static string ShortName(string name) => name switch
    {
        "trained" => "alignment",
        "ezvsl" => "EZ-VSL",
        _ => name,
    };

    private static string Percent(JsonNode? value) =>
        value is null ? "-" : (100 * value.GetValue<double>()).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The paper's claim, checked on this data and said plainly either way: confirmed only when the alignment model's
    /// IIoU is higher and the picture-by-picture difference is beyond chance (exact McNemar test, p &lt; 0.05).
    /// </summary>
    public static string Claim(IReadOnlyList<DemoModelResult> results)
    {
        var trained = results.First(r => r.Name == "trained");
        var ezvsl = results.First(r => r.Name == "ezvsl");
        double Get(JsonObject o, string k) => o[k]!.GetValue<double>();
        var c = CultureInfo.InvariantCulture;
        var a = Get(trained.Evaluation, "IIoU");
        var b = Get(ezvsl.Evaluation, "IIoU");
        var test = InteractiveComparison.Of(trained.Samples, ezvsl.Samples);
        var verdict = a <= b
            ? "NOT confirmed on this data: EZ-VSL does at least as well on interactivity here"
            : test.PValue < 0.05
                ? "confirmed on this data: the alignment method separates the two sounding objects better than EZ-VSL"
                : "NOT confirmed on this data: the alignment method is ahead, but by no more than chance gives on this many pictures";
        return string.Create(c, $"The paper's claim (alignment with multiple positives beats EZ-VSL on interactive localization) is {verdict} (IIoU {100 * a:0.0} vs {100 * b:0.0}, adaptive {100 * Get(trained.Evaluation, "IIoU_adaptive"):0.0} vs {100 * Get(ezvsl.Evaluation, "IIoU_adaptive"):0.0}; of {test.Groups} pictures, {test.OnlyFirst} are separated by alignment alone and {test.OnlySecond} by EZ-VSL alone, exact McNemar p = {test.PValue:0.000}).");
    }

    private void AppendScenes(StringBuilder html, IReadOnlyList<DemoModelResult> results, string assets)
    {
        var test = Path.Combine(output, "data", "test");
        var root = new DataRoot(test);
        var set = BenchmarkReader.Read(BenchmarkPresets.Get("is3"), Path.Combine(test, Data.Compose.Is3Layout.BoxFile));
        var groups = set.Entries.GroupBy(e => e.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Take(settings.ReportScenes).ToList();
        var decoder = new ImageDecoder();
        var overlay = new HeatmapOverlay();
        var models = results.Where(r => r.Name is "trained" or "ezvsl").ToList();
        var localizers = models.Select(m => Localizer.FromCheckpoint(m.Checkpoint, new LocalizerOptions
        {
            ImageSize = settings.ImageSize,
            Window = AudioWindow.Official.Centred(settings.AudioSeconds),
            Threads = settings.Threads,
        }, out _)).ToList();
        try
        {
            var n = 0;
            foreach (var group in groups)
            {
                var picture = decoder.Decode(root.Find(group.First().ImageCandidates)!);
                html.Append("<div class=\"scene\">");
                for (var m = 0; m < models.Count; m++)
                {
                    foreach (var entry in group)
                    {
                        var sound = AudioLoader.Load(root.Find(entry.AudioCandidates)!);
                        var map = localizers[m].Localize(picture, [sound])[0];
                        var name = string.Create(CultureInfo.InvariantCulture, $"scene{n:00}-{models[m].Name}-{SoundName(entry)}.png");
                        var png = overlay.RenderPng(picture.Pixels, picture.Width, picture.Height, map.RawMap, map.RawHeight, map.RawWidth);
                        AtomicFile.WriteAllBytes(Path.Combine(assets, name), png);
                        html.Append("<figure><img src=\"report-files/").Append(name).Append("\" width=\"168\"><figcaption>")
                            .Append(WebUtility.HtmlEncode(ShortName(models[m].Name))).Append(": sound of ")
                            .Append(WebUtility.HtmlEncode(SoundName(entry))).Append("</figcaption></figure>");
                    }
                }
                html.Append("</div>");
                n++;
            }
        }
        finally
        {
            foreach (var l in localizers)
            {
                l.Dispose();
            }
        }
    }

    private static string SoundName(BenchmarkEntry entry)
    {
        // IS3 names end with the sounding target: <a>_<b>_<id>_<target>.
        var stem = Path.GetFileNameWithoutExtension(entry.OfficialName);
        var target = stem[(stem.LastIndexOf('_') + 1)..];
        return entry.Class.Length > 0 ? entry.Class : target;
    }
}
