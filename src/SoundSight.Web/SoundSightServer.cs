using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SoundSight.Web;

/// <summary>A started server: its address, waiting for Ctrl+C, and stopping (temporary files removed).</summary>
public sealed class SoundSightServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SoundSightServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:8080/ (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>Builds and starts the server; a port in use is an <see cref="IO.InputException"/>.</summary>
    public static SoundSightServer Start(Api.SoundSightModel model, ServeOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var app = ServeHost.Build(model, options, logging);
        try
        {
            app.Start();
        }
        catch (IOException e)
        {
            ((IDisposable)app).Dispose();
            throw new IO.InputException($"{options.Host}:{options.Port}", $"cannot listen there ({e.Message}); pick another {IO.Setting.Mention(IO.Setting.Port)}");
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Host}:{options.Port}";
        var uri = new UriBuilder(bound);
        if (uri.Host is "0.0.0.0" or "[::]")
        {
            uri.Host = "127.0.0.1";
        }
        return new SoundSightServer(app, new Uri(uri.Uri.GetLeftPart(UriPartial.Authority) + "/"));
    }

    /// <summary>The job gate (admitted jobs, capacity): what the server is doing now.</summary>
    public JobGate Gate => _app.Services.GetRequiredService<JobGate>();

    /// <summary>Blocks until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public void WaitForShutdown() => _app.WaitForShutdown();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
