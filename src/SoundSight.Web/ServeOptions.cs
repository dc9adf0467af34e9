using SoundSight.Maps;

namespace SoundSight.Web;

/// <summary>
/// Where the server listens and what it accepts. The defaults are safe for a laptop: loopback only, uploads and
/// decoded sizes bounded, one model job at a time with a short queue (a "busy" answer beyond it).
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Address to bind; loopback unless the user asks for more (e.g. 0.0.0.0).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Largest request body (all files of one request together).</summary>
    public long MaxUploadBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest picture (or video frame) in pixels, read from the header before decoding.</summary>
    public long MaxImagePixels { get; init; } = 4096L * 3072;

    /// <summary>Longest sound in seconds (the model hears 3 to 10 s of it, by method; this bounds decoding memory).</summary>
    public double MaxAudioSeconds { get; init; } = 60;

    /// <summary>Longest video in seconds (rendering the heatmap video is the longest job).</summary>
    public double MaxVideoSeconds { get; init; } = 30;

    /// <summary>Most sounds for one picture.</summary>
    public int MaxSounds { get; init; } = 8;

    /// <summary>Jobs admitted at once, running or waiting for the model; more are answered 503 busy.</summary>
    public int MaxJobs { get; init; } = 4;

    /// <summary>How long a finished video stays downloadable.</summary>
    public TimeSpan VideoLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The upsampling used when a request does not name one; null: the served method's own outside a benchmark
    /// (align-corners for ours, LVS and the EZ-VSL family, half-pixel for SSL-TIE), as localize uses it.
    /// </summary>
    public UpsampleMode? DefaultUpsample { get; init; }

    /// <summary>Refuses numbers that cannot work, naming the setting (the CLI prints it as its flag).</summary>
    public void Validate()
    {
        Require(Host == "localhost" || System.Net.IPAddress.TryParse(Host, out _), IO.Setting.Mention(IO.Setting.Host), $"'{Host}' is not an IP address (give e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
        Require(Port is >= 0 and <= 65535, IO.Setting.Mention(IO.Setting.Port), "must be in 0..65535");
        Require(MaxUploadBytes >= 1024, IO.Setting.Mention(IO.Setting.MaxUploadBytes), "must be positive");
        Require(MaxImagePixels >= 64 * 64, IO.Setting.Mention(IO.Setting.MaxImagePixels), "must be at least 64 x 64");
        Require(MaxAudioSeconds > 0 && MaxVideoSeconds > 0, IO.Setting.Mention(IO.Setting.MaxAudioSeconds, IO.Setting.MaxVideoSeconds), "must be positive");
        Require(MaxSounds >= 1, IO.Setting.Mention(IO.Setting.MaxSounds), "must be at least 1");
        Require(MaxJobs >= 1, IO.Setting.Mention(IO.Setting.MaxJobs), "must be at least 1");
    }

    private static void Require(bool ok, string option, string problem)
    {
        if (!ok)
        {
            throw new IO.InputException(option, problem);
        }
    }
}
