using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>
/// A run's metrics.jsonl: one JSON record a line (steps, validation, the neighbour lists' quality), appended as
/// the run goes. Each record has a "step"; a resume drops the lines of steps its checkpoint does not include.
/// </summary>
public sealed class MetricsLog
{
    public MetricsLog(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Appends one record as one line (the run's JSON naming).</summary>
    public void Append(object record)
    {
        File.AppendAllText(Path, JsonSerializer.Serialize(record, TrainingRecipe.Json).ReplaceLineEndings(" ") + Environment.NewLine);
    }

    /// <summary>Whether some line already has a property of this name (a record written once per run).</summary>
    public bool HasRecordOf(string property) =>
        File.Exists(Path) && File.ReadLines(Path).Any(l => l.Contains($"\"{property}\"", StringComparison.Ordinal));

    /// <summary>After a resume, drops log lines of steps the checkpoint does not include (they will be redone).</summary>
    public void TruncateAfter(long step)
    {
        if (!File.Exists(Path))
        {
            return;
        }
        var kept = File.ReadAllLines(Path).Where(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("step").GetInt64() <= step;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                return false;
            }
        }).ToList();
        AtomicFile.WriteAllText(Path, kept.Count == 0 ? "" : string.Join(Environment.NewLine, kept) + Environment.NewLine);
    }
}
