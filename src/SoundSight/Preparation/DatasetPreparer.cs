using System.Globalization;
using System.Text;
using SoundSight.IO;

namespace SoundSight.Preparation;

/// <summary>
/// Turns a set of videos into a data root the benchmarks and the trainer read: for each clip the frame and the
/// 10-s sound in the chosen layout, with several ffmpeg workers in parallel. Resumable: a journal in the output
/// root records each finished clip; a restart skips clips already done (also those whose two outputs exist but
/// whose journal line a kill cut off), and every output is written atomically. Ends by writing manifest.csv
/// (what the root holds) and failed.csv (what could not be prepared and why).
/// </summary>
public sealed class DatasetPreparer
{
    public const string ManifestFileName = "manifest.csv";
    public const string FailedFileName = "failed.csv";

    private readonly PrepareSettings _settings;
    private readonly OutputLayout _layout;
    private readonly string _root;

    public DatasetPreparer(string outputRoot, OutputLayout layout, PrepareSettings settings)
    {
        _root = Path.GetFullPath(outputRoot);
        _layout = layout;
        _settings = settings;
    }

    public PrepareReport Run(IReadOnlyList<SourceItem> items, int workers, IReadOnlyList<string>? benchmark = null,
        IProgress<PrepareProgress>? progress = null, CancellationToken cancel = default)
    {
        if (workers < 1)
        {
            throw new InputException(Setting.Mention(Setting.Workers), "must be at least 1");
        }
        using var journal = PrepareJournal.Open(_root, $"layout={_layout} {_settings.Describe()}");
        RemoveStaleTemporaries();
        var recorded = journal.Entries;
        var preparer = new ClipPreparer(_settings);

        // The first source of an id wins; a second one with the same id is a failure, not an overwrite.
        var firstSource = new Dictionary<string, string>(StringComparer.Ordinal);
        var todo = new List<SourceItem>();
        var duplicates = new List<JournalEntry>();
        var skipped = 0;
        foreach (var item in items)
        {
            if (!firstSource.TryAdd(item.Id, item.Source))
            {
                duplicates.Add(Failure(item, FailureKind.DuplicateId, $"id {item.Id} also comes from {firstSource[item.Id]}"));
                continue;
            }
            var (image, audio) = OutputLayouts.PathsOf(_layout, _root, item.Id);
            var done = recorded.TryGetValue(item.Id, out var entry) && entry.Status == JournalEntry.Done;
            if (done && File.Exists(image) && File.Exists(audio))
            {
                skipped++;
            }
            else if (!done && File.Exists(image) && File.Exists(audio))
            {
                // Both outputs are complete (atomic writes) but a kill took the journal line: record, don't redo.
                journal.Record(Done(item, image, audio, null));
                skipped++;
            }
            else
            {
                todo.Add(item);
            }
        }

        var total = todo.Count + skipped + duplicates.Count;
        var finished = skipped;
        var prepared = 0;
        progress?.Report(new PrepareProgress("", "resumed", finished, total));
        var failures = new List<JournalEntry>(duplicates);
        foreach (var d in duplicates)
        {
            journal.Record(d);
            progress?.Report(new PrepareProgress(d.Id, "failed", Interlocked.Increment(ref finished), total));
        }
        var gate = new Lock();
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, item =>
        {
            var (image, audio) = OutputLayouts.PathsOf(_layout, _root, item.Id);
            JournalEntry entry;
            try
            {
                var start = preparer.Prepare(item, image, audio);
                entry = Done(item, image, audio, start);
                Interlocked.Increment(ref prepared);
            }
            catch (PrepareFailure f)
            {
                entry = Failure(item, f.Kind, f.Message);
                RemoveEmptyFrameFolder(image);
                lock (gate)
                {
                    failures.Add(entry);
                }
            }
            journal.Record(entry);
            progress?.Report(new PrepareProgress(item.Id, entry.Status, Interlocked.Increment(ref finished), total));
        });

        var all = journal.Entries.Values.Where(e => e.Status == JournalEntry.Done).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var manifest = Path.Combine(_root, ManifestFileName);
        AtomicFile.WriteAllText(manifest, ManifestCsv(all));
        AtomicFile.WriteAllText(Path.Combine(_root, FailedFileName), FailedCsv(failures));
        var have = all.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return new PrepareReport
        {
            Done = prepared,
            Skipped = skipped,
            Failed = failures.OrderBy(f => f.Id, StringComparer.Ordinal).ToList(),
            TotalDone = all.Count,
            Missing = benchmark?.Where(id => !have.Contains(id)).ToList() ?? [],
            BenchmarkCount = benchmark?.Count ?? 0,
            ManifestPath = manifest,
        };
    }

    /// <summary>Temporary files a killed run left (hidden .*.tmp, the names AtomicFile and ClipPreparer use).</summary>
    private void RemoveStaleTemporaries()
    {
        foreach (var temp in Directory.EnumerateFiles(_root, ".*.tmp", SearchOption.AllDirectories).ToList())
        {
            File.Delete(temp);
        }
    }

    /// <summary>A failed clip leaves no empty per-clip frame folder that would look like an item (vggsound, flickr).</summary>
    private void RemoveEmptyFrameFolder(string image)
    {
        var folder = Path.GetDirectoryName(image)!;
        if (_layout != OutputLayout.Manifest && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }

    private JournalEntry Done(SourceItem item, string image, string audio, double? start) =>
        new(item.Id, JournalEntry.Done, item.Source, Path.GetRelativePath(_root, image), Path.GetRelativePath(_root, audio), start);

    private static JournalEntry Failure(SourceItem item, FailureKind kind, string detail) =>
        new(item.Id, JournalEntry.Failed, item.Source, Reason: PrepareFailure.Label(kind), Detail: detail);

    /// <summary>id,image,audio,source,clip_start: the columns the trainer's manifest reader takes (image, audio, id).</summary>
    private static string ManifestCsv(IEnumerable<JournalEntry> entries)
    {
        var text = new StringBuilder("id,image,audio,source,clip_start\n");
        foreach (var e in entries)
        {
            text.Append(Csv(e.Id)).Append(',').Append(Csv(e.Image!)).Append(',').Append(Csv(e.Audio!)).Append(',').Append(Csv(e.Source)).Append(',')
                .Append(e.ClipStart?.ToString("R", CultureInfo.InvariantCulture) ?? "").Append('\n');
        }
        return text.ToString();
    }

    private static string FailedCsv(IEnumerable<JournalEntry> entries)
    {
        var text = new StringBuilder("id,source,reason,detail\n");
        foreach (var e in entries.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            text.Append(Csv(e.Id)).Append(',').Append(Csv(e.Source)).Append(',').Append(Csv(e.Reason ?? "")).Append(',').Append(Csv(e.Detail ?? "")).Append('\n');
        }
        return text.ToString();
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
