using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using SoundSight.Api;

namespace SoundSight.Web;

/// <summary>
/// The web server of <c>./soundsight serve</c>: the page, its examples and the JSON API (docs/serve.md) in one
/// process around one loaded model. Every refusal is a JSON answer with a 4xx status; an unforeseen failure is a
/// 500 whose body says only its kind (the details go to the server's log), never a stack trace.
/// </summary>
public static class ServeHost
{
    // Readable JSON (quotes as they are): answers are JSON for programs and the page, never embedded in HTML.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the server (not started) around a loaded model; the caller owns the model.</summary>
    public static WebApplication Build(SoundSightModel model, ServeOptions options, Action<ILoggingBuilder>? logging = null)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "SoundSight.Web" });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The body limit is the form reader's (a JSON 413); Kestrel's own stops anything far larger.
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1024 * 1024);
            kestrel.Listen(Address(options.Host), options.Port);
        });
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton(options);
        var gate = new JobGate(options.MaxJobs);
        var examples = new ExampleScenes(AppContext.BaseDirectory);
        builder.Services.AddSingleton(gate);
        builder.Services.AddSingleton<LocalizeService>();
        builder.Services.AddSingleton<VideoService>();
        builder.Services.AddSingleton(examples);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);

        var app = builder.Build();
        // Temporary files go when the server stops, whatever the container does with its instances.
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            app.Services.GetRequiredService<VideoService>().Dispose();
            examples.Dispose();
            gate.Dispose();
        });
        app.UseExceptionHandler(errors => errors.Run(WriteError));
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (!response.HasStarted && response.ContentLength is null && response.ContentType is null)
            {
                await response.WriteAsJsonAsync(new ErrorBody(response.StatusCode == 404 ? "not-found" : "bad-request",
                    response.StatusCode == 404 ? "no such page or API route" : $"request refused ({response.StatusCode})"), Json);
            }
        });
        StaticPage.Map(app);
        MapApi(app);
        return app;
    }

    private static void MapApi(WebApplication app)
    {
        app.MapGet("/api/model", (LocalizeService service, ServeOptions o) => Results.Json(new
        {
            model = service.Model,
            limits = new { maxUploadBytes = o.MaxUploadBytes, maxImagePixels = o.MaxImagePixels, maxAudioSeconds = o.MaxAudioSeconds, maxVideoSeconds = o.MaxVideoSeconds, maxSounds = o.MaxSounds, maxJobs = o.MaxJobs },
        }, Json));
        app.MapPost("/api/localize", async (HttpContext context, LocalizeService service) =>
            Results.Json(await service.LocalizeAsync(context.Request, context.RequestAborted), Json)).DisableAntiforgery();
        app.MapPost("/api/video", async (HttpContext context, VideoService service) =>
        {
            var status = await service.StartAsync(context.Request, context.RequestAborted);
            return Results.Json(status, Json, statusCode: StatusCodes.Status202Accepted);
        }).DisableAntiforgery();
        app.MapGet("/api/jobs/{id}", (string id, VideoService service) => Results.Json(service.Find(id).Status(), Json));
        app.MapGet("/api/jobs/{id}/video", (string id, VideoService service) => Finished(service.Find(id), j => j.VideoPath, "video/mp4", "heatmap.mp4"));
        app.MapGet("/api/jobs/{id}/sheet", (string id, VideoService service) => Finished(service.Find(id), j => j.SheetPath, "image/png", "contact-sheet.png"));
        app.MapGet("/api/examples", (ExampleScenes examples) => Results.Json(examples.All.Select((e, i) => new
        {
            id = i,
            title = e.Title,
            picture = $"/api/examples/{i}/picture",
            sounds = e.SoundNames.Select((n, k) => new { name = n, url = $"/api/examples/{i}/sounds/{k}" }),
        }), Json));
        app.MapGet("/api/examples/{id:int}/picture", (int id, ExampleScenes examples) =>
            Results.File(examples.Get(id).Picture, "image/jpeg", Path.GetFileName(examples.Get(id).Picture)));
        app.MapGet("/api/examples/{id:int}/sounds/{k:int}", (int id, int k, ExampleScenes examples) =>
        {
            var e = examples.Get(id);
            return k >= 0 && k < e.Sounds.Count ? Results.File(e.Sounds[k], "audio/wav", e.SoundNames[k]) : throw ApiProblem.NotFound($"example {id} has no sound {k}");
        });
    }

    private static IResult Finished(VideoJob job, Func<VideoJob, string> path, string type, string name) =>
        job.State == "done" && File.Exists(path(job))
            ? Results.File(path(job), type, name, enableRangeProcessing: true)
            : throw new ApiProblem(StatusCodes.Status409Conflict, "not-ready", $"{job.Name}: the video is {job.State}, not ready yet");

    private static async Task WriteError(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, body) = error switch
        {
            ApiProblem p => (p.Status, new ErrorBody(p.Code, p.Message)),
            BadHttpRequestException b when b.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (413, new ErrorBody("too-large", "the upload is larger than this server takes")),
            BadHttpRequestException b => (b.StatusCode, new ErrorBody("bad-request", "the request could not be read")),
            OperationCanceledException => (499, new ErrorBody("cancelled", "the request was cancelled")),
            _ => (500, new ErrorBody("internal", $"internal error ({error?.GetType().Name}); the server log has the details")),
        };
        if (status == 500 && error is not null)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SoundSight.Web").LogError(error, "request {Path} failed", context.Request.Path);
        }
        if (error is ApiProblem { Code: "busy" })
        {
            context.Response.Headers.RetryAfter = "2";
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, Json);
    }

    // Checked by ServeOptions.Validate.
    private static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
