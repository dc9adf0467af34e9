using SoundSight.Api;
using SoundSight.Audio;
using SoundSight.Web;

namespace SoundSight.Tests.Web;

/// <summary>
/// One server for every web test (starting one loads a model): untrained formula weights (hermetic: no demo model
/// of this machine), small limits so each bad input is cheap to make, and the inputs the tests upload.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public static readonly ServeOptions Limits = new()
    {
        Port = 0,
        MaxUploadBytes = 2 * 1024 * 1024,
        MaxImagePixels = 1024 * 1024,
        MaxAudioSeconds = 12,
        MaxVideoSeconds = 4,
        MaxSounds = 4,
        MaxJobs = 3,
    };

    public SoundSightModel Model { get; private set; } = null!;

    public SoundSightServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A folder of inputs: the sample picture and sound, a tone, a tiny picture and sound for the load test.</summary>
    public string Inputs { get; } = Directory.CreateTempSubdirectory("soundsight-web-tests-").FullName;

    public string Picture => Path.Combine(AppContext.BaseDirectory, "samples", "scene.jpg");

    public string Speech => Path.Combine(AppContext.BaseDirectory, "samples", "speech.wav");

    public string Tone => Path.Combine(Inputs, "tone.wav");

    public Task InitializeAsync()
    {
        File.WriteAllBytes(Tone, WavWriter.Pcm16(Sine(880, 16000, 4.0), 16000));
        Model = SoundSightModel.Load(environment: _ => null);
        Server = SoundSightServer.Start(Model, Limits, logging => { });
        Client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromMinutes(3) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Model.Dispose();
        Directory.Delete(Inputs, recursive: true);
    }

    public static float[] Sine(double hertz, int rate, double seconds) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hertz * i / rate))).ToArray();

    /// <summary>Polls a video job until it leaves queued/rendering (at most 2 minutes); its last status.</summary>
    public static async Task<System.Text.Json.JsonElement> FinishedVideoJob(HttpClient client, HttpResponseMessage started)
    {
        var id = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        System.Text.Json.JsonElement status;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        do
        {
            await Task.Delay(200);
            status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"api/jobs/{id}")).RootElement;
        }
        while (status.GetProperty("state").GetString() is "queued" or "rendering" && DateTime.UtcNow < deadline);
        return status;
    }

    /// <summary>A multipart body with a picture and sounds (file name, bytes) as the page sends it.</summary>
    public static MultipartFormDataContent Form((string Field, string Name, byte[] Bytes)[] files, string? upsample = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), field, name);
        }
        if (upsample is not null)
        {
            form.Add(new StringContent(upsample), "upsample");
        }
        return form;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "web server";
}

/// <summary>
/// A server of its own for the test that measures the process's managed heap: xunit runs this collection alone,
/// after every parallel one, so other tests' allocations are not counted as the server's (they were: a CI run saw
/// the heap grow 20 MB while the suite's other collections ran beside the load).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "web server, alone";
}
