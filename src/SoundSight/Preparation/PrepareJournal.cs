using System.Text.Json;
using System.Text.Json.Serialization;
using SoundSight.IO;

namespace SoundSight.Preparation;

/// <summary>One finished clip, as the journal records it (paths relative to the output root).</summary>
public sealed record JournalEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("image")] string? Image = null,
    [property: JsonPropertyName("audio")] string? Audio = null,
    [property: JsonPropertyName("clip_start")] double? ClipStart = null,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("detail")] string? Detail = null)
{
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>
/// The append-only record of a preparation run (prepare-journal.jsonl in the output root): a settings line, then
/// one JSON line per finished clip, flushed as it is written. A resumed run reads it to skip what is done and
/// refuses to continue with other settings. A line cut short by a kill is ignored.
/// </summary>
public sealed class PrepareJournal : IDisposable
{
    public const string FileName = "prepare-journal.jsonl";

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JournalEntry> _entries;

    private PrepareJournal(string path, StreamWriter writer, Dictionary<string, JournalEntry> entries)
    {
        Path = path;
        _writer = writer;
        _entries = entries;
    }

    public string Path { get; }

    /// <summary>Last entry per id (a failure later retried and done counts as done).</summary>
    public IReadOnlyDictionary<string, JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, JournalEntry>(_entries, StringComparer.Ordinal);
            }
        }
    }

    public static PrepareJournal Open(string root, string settings)
    {
        var path = System.IO.Path.Combine(root, FileName);
        var entries = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        var exists = File.Exists(path);
        if (exists)
        {
            var lines = File.ReadAllLines(path);
            var recorded = lines.Length > 0 ? ReadSettings(lines[0]) : null;
            if (recorded is not null && recorded != settings)
            {
                throw new InputException(path, $"this output was prepared with other settings ({recorded}; now {settings}): use another {Setting.Mention(Setting.Out)}, or the same settings");
            }
            foreach (var line in lines.Skip(1))
            {
                if (TryRead(line) is { } entry)
                {
                    entries[entry.Id] = entry;
                }
            }
        }
        Directory.CreateDirectory(root);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (stream.Length > 0 && !EndsWithNewline(path))
        {
            stream.WriteByte((byte)'\n'); // close a line cut short by a kill
        }
        var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = false };
        if (!exists || stream.Length == 0)
        {
            writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["settings"] = settings }));
            writer.Flush();
        }
        return new PrepareJournal(path, writer, entries);
    }

    public void Record(JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, Options);
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
            if (_writer.BaseStream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }

            _entries[entry.Id] = entry;
        }
    }

    public void Dispose() => _writer.Dispose();

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static string? ReadSettings(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("settings", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JournalEntry? TryRead(string line)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<JournalEntry>(line, Options);
            return entry is { Id: not null, Status: not null } ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool EndsWithNewline(string path)
    {
        using var f = File.OpenRead(path);
        if (f.Length == 0)
        {
            return true;
        }
        f.Seek(-1, SeekOrigin.End);
        return f.ReadByte() == '\n';
    }
}
