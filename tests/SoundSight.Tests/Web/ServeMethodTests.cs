using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SoundSight.IO;
using SoundSight.Tests.Cli;
using SoundSight.Tests.Methods;

namespace SoundSight.Tests.Web;

/// <summary>
/// `serve --method` through the method registry, as localize uses it: an EZ-VSL checkpoint in its official container
/// (DataParallel keys in 'model', under a file name that names no method) is recognised by its keys and said on
/// start, and the page's API answers exactly the map `localize --method ezvsl` writes for the same picture and sound;
/// what cannot be served (HTF, which has only saved maps; a competing method without a checkpoint; a method forced
/// on another's checkpoint) is one line naming the flag or the file, exit 2, before any port opens.
/// </summary>
[RunsLong(36)]
public sealed class ServeMethodTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("soundsight-serve-method-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    private string EzVslCheckpoint() => OfficialCheckpoints.EzVsl(Path.Combine(_dir, "model_epoch9.pth"));

    [Fact]
    public async Task AnEzVslCheckpointIsRecognisedAndServesTheMapLocalizeWrites()
    {
        var checkpoint = EzVslCheckpoint();
        using var serve = ServeProcess.Start("serve", "--checkpoint", checkpoint, "--port", "0", "--threads", "1");
        var said = serve.StderrWith("method: ");
        Assert.Contains("model: EZ-VSL (Mo and Morgado 2022), checkpoint ", said);
        Assert.Contains("method: ezvsl (recognised ezvsl: the 'model' container, 'module.' keys", said);
        using var client = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromMinutes(3) };

        using (var info = JsonDocument.Parse(await client.GetStringAsync("api/model")))
        {
            var model = info.RootElement.GetProperty("model");
            Assert.Equal("ezvsl", model.GetProperty("method").GetString());
            Assert.Equal("checkpoint", model.GetProperty("kind").GetString());
            Assert.Equal(10, model.GetProperty("windowSeconds").GetDouble()); // EZ-VSL hears the whole 10-s clip
            Assert.Equal("align-corners", model.GetProperty("upsample").GetString());
            Assert.False(model.GetProperty("hasProjections").GetBoolean());
            Assert.True(model.GetProperty("video").GetBoolean()); // every method renders videos
        }

        var form = ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(Sample("scene.jpg"))), ("audio", "speech.wav", File.ReadAllBytes(Sample("speech.wav")))]);
        using var response = await client.PostAsync("api/localize", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var map = json.RootElement.GetProperty("maps")[0];
        Assert.Equal("speech.wav", map.GetProperty("sound").GetString());
        var served = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(map.GetProperty("map").GetProperty("float32").GetString()!)).ToArray();
        var servedRaw = map.GetProperty("raw").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(7, map.GetProperty("raw").GetProperty("height").GetInt32());

        // The same picture and sound through localize, the method named.
        var output = Path.Combine(_dir, "localized");
        var localize = CliRunner.Run("localize", "--checkpoint", checkpoint, "--method", "ezvsl", "--image", Sample("scene.jpg"), "--audio", Sample("speech.wav"), "--out", output, "--threads", "1");
        Assert.True(localize.ExitCode == 0, localize.Stderr);
        Assert.Equal(Npy.Read(Path.Combine(output, "scene__speech.npy")).ToFloat(), served);
        Assert.Equal(Npy.Read(Path.Combine(output, "scene__speech.raw.npy")).ToFloat(), servedRaw);

        // A video renders with EZ-VSL too: each step is handed the 10 s around it, as `localize --video` does.
        var video = Path.Combine(_dir, "short.mp4");
        CliRunner.MakeVideo(video, 1.0, withAudio: true);
        using var started = await client.PostAsync("api/video", new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(video)), "video", "short.mp4" } });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        Assert.Equal("done", (await ServerFixture.FinishedVideoJob(client, started)).GetProperty("state").GetString());
    }

    private string SslTieCheckpoint() => OfficialCheckpoints.SslTie(Path.Combine(_dir, "tie_best.pth"));

    [Fact]
    public async Task AnSslTieCheckpointServesThroughItsOwnFrontEndAndARefusedSoundIsNamedByTheClient()
    {
        using var model = SoundSight.Api.SoundSightModel.Load(SslTieCheckpoint(), new SoundSight.Localization.LocalizerOptions { Backend = SoundSight.Localization.InferenceBackend.Torch, Threads = 1 }, environment: _ => null);
        Assert.Equal("ssltie", model.Method.Name);
        await using var server = SoundSight.Web.SoundSightServer.Start(model, ServerFixture.Limits, _ => { });
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(3) };
        using (var info = JsonDocument.Parse(await client.GetStringAsync("api/model")))
        {
            var m = info.RootElement.GetProperty("model");
            Assert.Equal("half-pixel", m.GetProperty("upsample").GetString()); // validate_ssltie's cv2 resize
            Assert.Equal(10, m.GetProperty("windowSeconds").GetDouble());
            Assert.True(m.GetProperty("video").GetBoolean()); // each step is handed the 10 s around it
        }
        var picture = File.ReadAllBytes(Sample("scene.jpg"));
        using (var ok = await client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "speech.wav", File.ReadAllBytes(Sample("speech.wav")))])))
        {
            var body = await ok.Content.ReadAsStringAsync();
            Assert.True(ok.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("half-pixel", json.RootElement.GetProperty("upsample").GetString());
        }
        // A stereo WAV decodes, but SSL-TIE's network takes one channel: 422 naming the client's file, not the server's.
        var stereo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audio", "float32_stereo.wav"));
        using var refused = await client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "duet.wav", stereo)]));
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, refusal);
        using var error = JsonDocument.Parse(refusal);
        Assert.Equal("unsupported", error.RootElement.GetProperty("error").GetString());
        var message = error.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("duet.wav: SSL-TIE's loader keeps all 2 channels", message);
        Assert.DoesNotContain(Path.GetTempPath(), message);
        Assert.DoesNotContain("sound-0", message);
    }

    [Fact]
    public void WhatCannotBeServedIsOneLineBeforeAPortOpens()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--method", "htf", "--port", "0"), "--method: htf has no model (the official code has only its saved maps)");
        // A folder is HTF's saved maps to auto.
        var maps = Directory.CreateDirectory(Path.Combine(_dir, "htf_maps")).FullName;
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--checkpoint", maps, "--port", "0"), $"{maps}: htf has no model");
        CliRunner.AssertOneLineError(CliRunner.Run("serve", "--method", "ezvsl", "--port", "0"), "--method: ezvsl needs --checkpoint (only the authors' model has a default)");
        // A method forced on another method's checkpoint: localize's own refusal, naming the file and what it is.
        var checkpoint = EzVslCheckpoint();
        var forced = CliRunner.Run("serve", "--method", "slavc", "--checkpoint", checkpoint, "--port", "0");
        CliRunner.AssertOneLineError(forced, $"{checkpoint}: not a SLAVC (Mo and Tian 2022) checkpoint: ");
        Assert.Contains("it is a EZ-VSL (Mo and Morgado 2022) checkpoint (--method ezvsl)", forced.Stderr);
        Assert.Equal(forced.Stderr, CliRunner.Run("localize", "--method", "slavc", "--checkpoint", checkpoint, "--image", Sample("scene.jpg"), "--audio", Sample("speech.wav"), "--out", Path.Combine(_dir, "unused")).Stderr);
    }

    /// <summary>`serve` in a child process, until disposed: its address from the start line, and what it says on stderr.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr;

        private ServeProcess(Process process, StringBuilder stderr, Uri address)
        {
            _process = process;
            _stderr = stderr;
            Address = address;
        }

        public Uri Address { get; }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public static ServeProcess Start(params string[] args)
        {
            var process = Process.Start(CliRunner.StartInfo(new Dictionary<string, string>(), args))!;
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();
            try
            {
                // "SoundSight is serving on http://127.0.0.1:PORT/ (Ctrl+C stops it)" once the model is loaded and the port open.
                var line = process.StandardOutput.ReadLineAsync();
                Assert.True(line.Wait(TimeSpan.FromMinutes(2)) && line.Result is not null, $"serve did not start:\n{stderr}");
                var address = line.Result!.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal));
                return new ServeProcess(process, stderr, new Uri(address));
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        /// <summary>What serve said on stderr by the time <paramref name="fragment"/> arrived (its lines before the start line, read on another thread).</summary>
        public string StderrWith(string fragment)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Stderr.Contains(fragment, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            return Stderr;
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
