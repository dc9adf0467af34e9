using System.Collections.Concurrent;
using System.Security.Cryptography;
using SoundSight.Api;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Methods;
using SoundSight.Methods.Ours;

namespace SoundSight.Web;

/// <summary>
/// The work behind <c>POST /api/video</c>: the upload is checked, then <see cref="VideoLocalizer"/> renders the
/// heatmap video with its sound in the background while the page polls the job's progress. Finished jobs stay
/// downloadable for <see cref="ServeOptions.VideoLifetime"/>, then go with their files. Every method renders videos,
/// as in localize's whole-video mode: ours and LVS hear the window around each step; the methods whose front ends
/// read a sound file are handed the 10 s around each step, written out for them.
/// </summary>
public sealed class VideoService(SoundSightModel model, ServeOptions limits, JobGate gate, ILogger<VideoService> log) : IDisposable
{
    private readonly ConcurrentDictionary<string, VideoJob> _jobs = new(StringComparer.Ordinal);
    private readonly UploadDecoder _decoder = new(limits);
    private readonly VideoLocalizerOptions _videoOptions = new();
    private Localizer? _videoLocalizer;

    /// <summary>Whether the model hears any clip through the authors' spectrogram (each step then hears its window).</summary>
    private bool HearsAnyClip => model.Localizer is Localizer && model.Method is AvenetMethod { HearsAnyClip: true };

    public async Task<VideoJobStatus> StartAsync(HttpRequest request, CancellationToken cancel)
    {
        Sweep();
        var ticket = gate.Enter();
        var folder = UploadFolder.Create();
        try
        {
            var form = await UploadForm.ReadAsync(request, limits, cancel).ConfigureAwait(false);
            var file = form.Files.GetFile("video") ?? throw ApiProblem.BadRequest("give one video in the field 'video'");
            var step = UploadForm.Number(form, "step", _videoOptions.StepSeconds, 0.1, 5);
            var name = UploadFolder.DisplayName(file.FileName, "video");
            var path = await folder.SaveAsync(file, "video", 0, cancel).ConfigureAwait(false);
            _decoder.Video(path, name);
            var job = new VideoJob(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), name, folder);
            _jobs[job.Id] = job;
            _ = Task.Run(() => RenderAsync(job, path, step, ticket), CancellationToken.None);
            return job.Status();
        }
        catch
        {
            folder.Dispose();
            ticket.Dispose();
            throw;
        }
    }

    public VideoJob Find(string id) =>
        _jobs.TryGetValue(id, out var job) ? job : throw ApiProblem.NotFound("no such video job (finished jobs are kept for a while, then removed)");

    private async Task RenderAsync(VideoJob job, string video, double step, JobGate.Ticket ticket)
    {
        using (ticket)
        {
            try
            {
                var options = _videoOptions with { StepSeconds = step };
                await gate.RunModelAsync(() =>
                {
                    if (!HearsAnyClip)
                    {
                        // The method's own window of the 10 s around each step, on the loaded localizer.
                        return new VideoLocalizer(model.Localizer, options, hearsAnyClip: false).Run(video, job.VideoPath, job.SheetPath, new Progress(job));
                    }
                    // The video's own sound window on the loaded model's weights (not copied), made once: building a
                    // localizer prepares its encoders, which costs more than a short video's maps.
                    var avenet = (Localizer)model.Localizer;
                    _videoLocalizer ??= new Localizer(avenet.Model, avenet.Options with { Window = VideoLocalizer.WindowFor(options) }, ownsModel: false);
                    return new VideoLocalizer(_videoLocalizer, options).Run(video, job.VideoPath, job.SheetPath, new Progress(job));
                }, CancellationToken.None).ConfigureAwait(false);
                job.Succeed();
            }
            catch (InputException e)
            {
                job.Fail($"{job.Name}: {e.Problem}");
            }
            catch (Exception e)
            {
                log.LogError(e, "video job {Id} failed", job.Id);
                job.Fail($"{job.Name}: the video could not be rendered ({e.GetType().Name}); see the server log");
            }
            finally
            {
                File.Delete(video);
            }
        }
    }

    /// <summary>Removes finished jobs older than their lifetime, with their files.</summary>
    public void Sweep()
    {
        foreach (var (id, job) in _jobs)
        {
            if (job.FinishedUtc is { } finished && DateTime.UtcNow - finished > limits.VideoLifetime && _jobs.TryRemove(id, out _))
            {
                job.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _videoLocalizer?.Dispose();
        _videoLocalizer = null;
        foreach (var job in _jobs.Values)
        {
            job.Dispose();
        }
        _jobs.Clear();
    }

    private sealed class Progress(VideoJob job) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => job.Report(value);
    }
}
