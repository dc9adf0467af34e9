using System.Diagnostics;

namespace SoundSight.Web;

/// <summary>One heatmap video being rendered (or rendered): its progress, and where its outputs are.</summary>
public sealed class VideoJob : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly UploadFolder _folder;
    private int _done;
    private int _total;

    public VideoJob(string id, string name, UploadFolder folder)
    {
        Id = id;
        Name = name;
        _folder = folder;
    }

    /// <summary>An unguessable id (128 random bits), the only handle a client has on the job.</summary>
    public string Id { get; }

    /// <summary>The client's file name of the video (a label only).</summary>
    public string Name { get; }

    public string State { get; private set; } = "queued";

    public string? Error { get; private set; }

    public DateTime? FinishedUtc { get; private set; }

    public string VideoPath => _folder.Output("heatmap.mp4");

    public string SheetPath => _folder.Output("sheet.png");

    public void Report((int Done, int Total) p)
    {
        State = "rendering";
        Volatile.Write(ref _total, p.Total);
        Volatile.Write(ref _done, p.Done);
    }

    public void Succeed()
    {
        State = "done";
        FinishedUtc = DateTime.UtcNow;
    }

    public void Fail(string message)
    {
        Error = message;
        State = "failed";
        FinishedUtc = DateTime.UtcNow;
    }

    /// <summary>What <c>GET /api/jobs/{id}</c> answers.</summary>
    public VideoJobStatus Status()
    {
        var done = Volatile.Read(ref _done);
        var total = Volatile.Read(ref _total);
        double? eta = done > 0 && total > done && State == "rendering" ? _clock.Elapsed.TotalSeconds * (total - done) / done : null;
        var ready = State == "done";
        return new VideoJobStatus(Id, Name, State, done, total, eta, Error,
            ready ? $"/api/jobs/{Id}/video" : null, ready ? $"/api/jobs/{Id}/sheet" : null);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>A video job's state, progress (steps done of total, ETA in seconds) and, when done, its downloads.</summary>
public sealed record VideoJobStatus(string Id, string Name, string State, int Done, int Total, double? EtaSeconds, string? Error, string? Video, string? Sheet);
