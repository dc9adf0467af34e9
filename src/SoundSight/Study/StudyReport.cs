using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SoundSight.IO;

using SoundSight.Localization;

namespace SoundSight.Study;

/// <summary>
/// The study's table from its finished runs: per cell and set, every metric's mean and standard deviation over
/// seeds with each seed's value; paired tests between every two cells (sign-flip over seeds, McNemar over test
/// items and seeds); as study.json, study.md and study.html with bar charts (study-files/).
/// </summary>
public sealed class StudyReport(StudyConfig config, string output, MapReading reading = default)
{
    public static readonly string[] Metrics = ["cIoU", "IIoU", "cIoU_adaptive", "IIoU_adaptive", "AUC"];

    private static readonly string[] Compared = ["IIoU", "cIoU"];

    private static readonly Dictionary<string, string> SetTitles = new(StringComparer.Ordinal)
    {
        [StudyRunner.Validation] = "interactive validation (the demo's stopping data: recipes are chosen here)",
        [StudyRunner.HeldOut] = "held-out (the demo's test scenes)",
        [StudyRunner.OutOfDistribution] = "out of distribution (assets/ood)",
        [StudyRunner.OutOfDistributionPictures] = "out-of-distribution pictures, the training kit's sounds",
        [StudyRunner.OutOfDistributionSounds] = "the training kit's pictures, out-of-distribution sounds",
    };

    /// <summary>The sets whose differences between cells are tested (the modality split only diagnoses).</summary>
    private static readonly string[] ComparedSets = [StudyRunner.Validation, StudyRunner.HeldOut, StudyRunner.OutOfDistribution];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public JsonObject Write(IReadOnlyList<StudyRunResult> results)
    {
        var cells = config.Cells().Where(c => results.Any(r => r.Cell.Name == c.Name)).ToList();
        var sets = StudyRunner.Sets.Where(s => results.Any(r => r.Scores.ContainsKey(s))).ToList();
        var spreads = new Dictionary<(string Cell, string Set, string Metric), SeedSpread>();
        foreach (var cell in cells)
        {
            foreach (var set in sets)
            {
                var runs = results.Where(r => r.Cell.Name == cell.Name && r.Scores.ContainsKey(set)).OrderBy(r => r.Seed).ToList();
                foreach (var metric in Metrics)
                {
                    spreads[(cell.Name, set, metric)] = new SeedSpread(runs.Select(r => r.Scores[set].Summary[metric]!.GetValue<double>()).ToList());
                }
            }
        }
        var comparisons = new List<PairedComparison>();
        for (var i = 0; i < cells.Count; i++)
        {
            for (var j = i + 1; j < cells.Count; j++)
            {
                foreach (var set in sets.Intersect(ComparedSets))
                {
                    foreach (var metric in Compared)
                    {
                        comparisons.Add(StudyStatistics.Compare(cells[i].Name, cells[j].Name, set, metric, BySeed(results, cells[i], set, metric), BySeed(results, cells[j], set, metric)));
                    }
                }
            }
        }

        var json = Json(cells, sets, results, spreads, comparisons);
        Directory.CreateDirectory(output);
        AtomicFile.WriteAllText(Path.Combine(output, "study.json"), json.ToJsonString(StudyConfig.Json) + "\n");
        var markdown = Markdown(cells, sets, results, spreads, comparisons);
        AtomicFile.WriteAllText(Path.Combine(output, "study.md"), markdown);
        var files = Path.Combine(output, "study-files");
        Directory.CreateDirectory(files);
        var charts = new List<string>();
        foreach (var set in sets)
        {
            var name = $"{set}.png";
            var png = StudyChart.RenderPng($"{SetTitles[set]}: cIoU and IIoU over seeds", ["cIoU", "IIoU"],
                cells.Select(c => (c.Name, (IReadOnlyList<SeedSpread>)[spreads[(c.Name, set, "cIoU")], spreads[(c.Name, set, "IIoU")]])).ToList());
            AtomicFile.WriteAllBytes(Path.Combine(files, name), png);
            charts.Add(name);
        }
        AtomicFile.WriteAllText(Path.Combine(output, "study.html"), Html(markdown, charts));
        return json;
    }

    private static Dictionary<ulong, (double, IReadOnlyList<Evaluation.Metrics.SampleResult>)> BySeed(IReadOnlyList<StudyRunResult> results, StudyCell cell, string set, string metric) =>
        results.Where(r => r.Cell.Name == cell.Name && r.Scores.ContainsKey(set))
            .ToDictionary(r => r.Seed, r => (r.Scores[set].Summary[metric]!.GetValue<double>(), r.Scores[set].Samples));

    private JsonObject Json(List<StudyCell> cells, List<string> sets, IReadOnlyList<StudyRunResult> results, Dictionary<(string, string, string), SeedSpread> spreads, List<PairedComparison> comparisons)
    {
        var cellsJson = new JsonArray();
        foreach (var cell in cells)
        {
            var summary = new JsonObject();
            foreach (var set in sets)
            {
                summary[set] = new JsonObject(Metrics.Select(m => KeyValuePair.Create(m, (JsonNode?)Spread(spreads[(cell.Name, set, m)]))));
            }
            cellsJson.Add(new JsonObject
            {
                ["name"] = cell.Name,
                ["method"] = cell.Method,
                ["set"] = new JsonArray(cell.Set.Select(s => (JsonNode)s).ToArray()),
                ["runs"] = new JsonArray(results.Where(r => r.Cell.Name == cell.Name).Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["steps"] = r.Steps,
                    ["scores"] = new JsonObject(r.Scores.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.Summary.DeepClone()))),
                }).ToArray()),
                ["summary"] = summary,
            });
        }
        return new JsonObject
        {
            ["steps"] = config.Steps,
            ["seeds"] = new JsonArray(config.Seeds.Select(s => (JsonNode)s).ToArray()),
            ["runs_finished"] = results.Count,
            ["runs_planned"] = config.Cells().Count * config.Seeds.Count,
            ["cells"] = cellsJson,
            ["sets"] = SetFacts()?.DeepClone(),
            ["comparisons"] = new JsonArray(comparisons.Select(c => (JsonNode)new JsonObject
            {
                ["first"] = c.First,
                ["second"] = c.Second,
                ["set"] = c.Set,
                ["metric"] = c.Metric,
                ["seeds"] = new JsonArray(c.Seeds.Select(s => (JsonNode)s).ToArray()),
                ["differences"] = new JsonArray(c.Differences.Select(d => (JsonNode)d).ToArray()),
                ["mean_difference"] = c.MeanDifference,
                ["sign_flip_p"] = c.SignFlipP,
                ["mcnemar"] = new JsonObject { ["only_first"] = c.OnlyFirst, ["only_second"] = c.OnlySecond, ["trials"] = c.Trials, ["p"] = c.McNemarP },
            }).ToArray()),
        };
    }

    private static JsonObject Spread(SeedSpread s) => new()
    {
        ["mean"] = s.Values.Count == 0 ? null : s.Mean,
        ["sd"] = s.StandardDeviation,
        ["min"] = s.Values.Count == 0 ? null : s.Min,
        ["max"] = s.Values.Count == 0 ? null : s.Max,
        ["values"] = new JsonArray(s.Values.Select(v => (JsonNode)v).ToArray()),
    };

    /// <summary>What the runner measured of each set (<see cref="StudyRunner.SetFactsFile"/>); null for a study folder from before it.</summary>
    private JsonObject? SetFacts()
    {
        var path = Path.Combine(output, StudyRunner.SetFactsFile);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() : null;
    }

    private static string P(double v) => (100 * v).ToString("0.0", C);

    private static string MeanSd(SeedSpread s) => s.Values.Count == 0 ? "-" : $"{P(s.Mean)} ± {P(s.StandardDeviation)}";

    private string Markdown(List<StudyCell> cells, List<string> sets, IReadOnlyList<StudyRunResult> results, Dictionary<(string, string, string), SeedSpread> spreads, List<PairedComparison> comparisons)
    {
        var md = new StringBuilder();
        var planned = config.Cells().Count * config.Seeds.Count;
        md.Append(C, $"# Study: {cells.Count} cells x {config.Seeds.Count} seeds, {config.Steps} steps each\n\n");
        if (results.Count < planned)
        {
            md.Append(C, $"**Partial: {results.Count} of {planned} runs finished.**\n\n");
        }
        md.Append("Official IS3 metrics in percent, mean ± sample standard deviation over seeds (each seed's value in brackets). ")
          .Append("Every run trains the demo's recipe for its method on the demo's data with the cell's overrides; scored with its last checkpoint")
          .Append(reading != MapReading.Official
              ? $", its maps read as {reading.Describe()} (the demo's reading; `\"data\": {{\"centred_maps\": false, \"flip_average\": false}}` for the official cosine map).\n\n"
              : ", its maps read the official way (the plain cosine map).\n\n");
        var facts = SetFacts();
        foreach (var set in sets)
        {
            md.Append(C, $"## {SetTitles[set]}\n\n");
            if (facts?[set] is JsonObject f)
            {
                md.Append(C, $"{f["entries"]} entries. The most any map can score here with the official plain threshold (half the picture predicted, so a box under a quarter of it is never a hit): cIoU {P(f["ceiling_cIoU"]!.GetValue<double>())}, IIoU {P(f["ceiling_IIoU"]!.GetValue<double>())}.\n\n");
            }
            md.Append(C, $"| cell | seeds | cIoU | IIoU | cIoU adap. | IIoU adap. | AUC | IIoU per seed |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var cell in cells)
            {
                var iiou = spreads[(cell.Name, set, "IIoU")];
                md.Append(C, $"| {cell.Name} | {iiou.Values.Count} | {MeanSd(spreads[(cell.Name, set, "cIoU")])} | {MeanSd(iiou)} | {MeanSd(spreads[(cell.Name, set, "cIoU_adaptive")])} | {MeanSd(spreads[(cell.Name, set, "IIoU_adaptive")])} | {MeanSd(spreads[(cell.Name, set, "AUC")])} | {string.Join(" / ", iiou.Values.Select(P))} |\n");
            }
            md.Append('\n');
        }
        md.Append("## Paired comparisons\n\nDifference = first minus second (points). Sign-flip: exact two-sided permutation test of the mean per-seed difference ")
          .Append("(3 seeds cannot go below p = 0.25). McNemar: exact two-sided test over (picture, seed) trials for IIoU, (entry, seed) trials for cIoU; ")
          .Append("'first only / second only' count the trials only one of the two gets right.\n\n")
          .Append("| first | second | set | metric | mean diff. | per seed | sign-flip p | first only / second only (of trials) | McNemar p |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in comparisons)
        {
            md.Append(C, $"| {c.First} | {c.Second} | {c.Set} | {c.Metric} | {(100 * c.MeanDifference).ToString("+0.0;-0.0;0.0", C)} | {string.Join(" / ", c.Differences.Select(d => (100 * d).ToString("+0.0;-0.0;0.0", C)))} | {c.SignFlipP.ToString("0.###", C)} | {c.OnlyFirst} / {c.OnlySecond} (of {c.Trials}) | {c.McNemarP.ToString("0.####", C)} |\n");
        }
        md.Append("\n## Cells\n\n| cell | method | overrides |\n| --- | --- | --- |\n");
        foreach (var cell in cells)
        {
            md.Append(C, $"| {cell.Name} | {cell.Method} | {(cell.Set.Count == 0 ? "(the demo's recipe)" : string.Join(", ", cell.Set.Select(s => $"`{s}`")))} |\n");
        }
        return md.ToString();
    }

    private static string Html(string markdown, List<string> charts)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SoundSight study</title><style>")
            .Append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;}table{border-collapse:collapse;margin:1em 0;}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;}th{background:#f4f4f4;}</style></head><body>\n");
        foreach (var chart in charts)
        {
            html.Append(C, $"<img src=\"study-files/{WebUtility.HtmlEncode(chart)}\" alt=\"{WebUtility.HtmlEncode(chart)}\">\n");
        }
        var inTable = false;
        var headerDone = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith('|'))
            {
                var cellsOfRow = line.Trim('|').Split('|').Select(s => s.Trim()).ToList();
                if (cellsOfRow.All(s => s.StartsWith("---", StringComparison.Ordinal)))
                {
                    continue;
                }
                if (!inTable)
                {
                    html.Append("<table>");
                    inTable = true;
                    headerDone = false;
                }
                var tag = headerDone ? "td" : "th";
                html.Append("<tr>").Append(string.Concat(cellsOfRow.Select(s => $"<{tag}>{Inline(s)}</{tag}>"))).Append("</tr>\n");
                headerDone = true;
                continue;
            }
            if (inTable)
            {
                html.Append("</table>\n");
                inTable = false;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                html.Append("<h2>").Append(Inline(line[3..])).Append("</h2>\n");
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                html.Append("<h1>").Append(Inline(line[2..])).Append("</h1>\n");
            }
            else if (line.Length > 0)
            {
                html.Append("<p>").Append(Inline(line)).Append("</p>\n");
            }
        }
        if (inTable)
        {
            html.Append("</table>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        var parts = encoded.Split("**");
        for (var i = 1; i < parts.Length; i += 2)
        {
            parts[i] = $"<b>{parts[i]}</b>";
        }
        var bolded = string.Join("", parts);
        var code = bolded.Split('`');
        for (var i = 1; i < code.Length; i += 2)
        {
            code[i] = $"<code>{code[i]}</code>";
        }
        return string.Join("", code);
    }
}
