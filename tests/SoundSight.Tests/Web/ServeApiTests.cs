using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.Tests.Cli;

namespace SoundSight.Tests.Web;

/// <summary>
/// POST /api/localize and /api/video as a program uses them: maps and numbers for good input, and for every bad
/// input a 4xx JSON answer with one clear sentence naming the client's file, never a stack trace or server path.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServeApiTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task TwoSoundsGiveTwoDifferentMapsWithNumbersAndOverlays()
    {
        var form = ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "speech.wav", File.ReadAllBytes(server.Speech)), ("audio", "tone.wav", File.ReadAllBytes(server.Tone))]);
        using var response = await Client.PostAsync("api/localize", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("untrained", root.GetProperty("model").GetProperty("kind").GetString());
        Assert.Contains("UNTRAINED", root.GetProperty("model").GetProperty("description").GetString());
        Assert.Equal(320, root.GetProperty("image").GetProperty("width").GetInt32());
        var maps = root.GetProperty("maps").EnumerateArray().ToList();
        Assert.Equal(["speech.wav", "tone.wav"], maps.Select(m => m.GetProperty("sound").GetString()));
        var values = maps.Select(m => Convert.FromBase64String(m.GetProperty("map").GetProperty("float32").GetString()!)).ToList();
        Assert.All(values, v => Assert.Equal(224 * 224 * 4, v.Length));
        Assert.NotEqual(values[0], values[1]);
        foreach (var m in maps)
        {
            Assert.Equal(196, m.GetProperty("raw").GetProperty("values").GetArrayLength());
            Assert.Equal(JsonValueKind.Number, m.GetProperty("sa").ValueKind); // formula weights include projection heads
            using var png = SKBitmap.Decode(Convert.FromBase64String(m.GetProperty("overlayPng").GetString()!));
            Assert.Equal((320, 240), (png.Width, png.Height));
        }
    }

    [Fact]
    public async Task TheSameRawMapIsUpsampledEitherWay()
    {
        async Task<(float[] Raw, byte[] Map)> Run(string mode)
        {
            using var response = await Client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "speech.wav", File.ReadAllBytes(server.Speech))], mode));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var m = json.RootElement.GetProperty("maps")[0];
            Assert.Equal(mode, json.RootElement.GetProperty("upsample").GetString());
            return (m.GetProperty("raw").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), Convert.FromBase64String(m.GetProperty("map").GetProperty("float32").GetString()!));
        }
        var aligned = await Run("align-corners");
        var half = await Run("half-pixel");
        Assert.Equal(aligned.Raw, half.Raw);
        Assert.NotEqual(aligned.Map, half.Map);
    }

    [Fact]
    public async Task AnOversizedUploadIs413()
    {
        var big = new byte[(int)ServerFixture.Limits.MaxUploadBytes + 1000];
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "big.wav", big)]), 413, "too-large", "MB");
    }

    [Fact]
    public async Task APictureOverThePixelLimitIs413BeforeDecoding()
    {
        using var bitmap = new SKBitmap(1500, 1000);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        await AssertRefused(Form(data.ToArray(), "huge.png"), 413, "too-large", "huge.png: the picture is 1500 x 1000 pixels");
    }

    [Fact]
    public async Task WrongTypesAre415WhateverTheirNames()
    {
        // A sound named like a picture, a picture named like a sound, text named like both.
        await AssertRefused(Form(File.ReadAllBytes(server.Speech), "photo.jpg"), 415, "wrong-type", "photo.jpg: not a picture");
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "voice.wav.mp3", File.ReadAllBytes(server.Picture))]), 415, "wrong-type", "voice.wav.mp3:");
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "notes.ogg", "just some text, not audio"u8.ToArray())]), 415, "wrong-type", "notes.ogg: not a sound");
        using var json = new StringContent("{}", new MediaTypeHeaderValue("application/json"));
        await AssertRefused(json, 415, "wrong-type", "multipart/form-data");
    }

    [Fact]
    public async Task CorruptFilesAre422()
    {
        var picture = File.ReadAllBytes(server.Picture);
        await AssertRefused(Form(picture[..2000], "cut.jpg"), 422, "corrupt", "cut.jpg:");
        var wav = File.ReadAllBytes(server.Speech);
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "cut.wav", wav[..30])]), 422, "corrupt", "cut.wav: truncated WAV");
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "empty.wav", [])]), 415, "wrong-type", "empty.wav:");
    }

    [Fact]
    public async Task TooLongSoundsAndVideosAre422()
    {
        var picture = File.ReadAllBytes(server.Picture);
        // 20 s of 8-bit silence at 8 kHz: small on the wire, too long to take.
        var samples = new short[8000 * 20];
        var wav = WavWriter.Pcm16(samples, 8000);
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "long.wav", wav)]), 422, "too-long", "long.wav: the sound lasts 20 s; this server takes at most 12 s");
        var video = Path.Combine(server.Inputs, "long.mp4");
        CliRunner.MakeVideo(video, 6, withAudio: true);
        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(video)), "video", "long.mp4" } };
        await AssertRefused(form, 422, "too-long", "long.mp4: the video lasts 6 s", "api/video");
    }

    [Fact]
    public async Task MissingOrTooManyFieldsAre400()
    {
        var picture = File.ReadAllBytes(server.Picture);
        var wav = File.ReadAllBytes(server.Tone);
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", picture)]), 400, "bad-request", "at least one sound");
        await AssertRefused(ServerFixture.Form([("audio", "tone.wav", wav)]), 400, "bad-request", "one picture");
        var five = Enumerable.Range(0, 5).Select(i => ("audio", $"t{i}.wav", wav)).Prepend(("image", "scene.jpg", picture)).ToArray();
        await AssertRefused(ServerFixture.Form(five), 400, "bad-request", "at most 4");
        await AssertRefused(ServerFixture.Form([("image", "scene.jpg", picture), ("audio", "tone.wav", wav)], "bicubic"), 400, "bad-request", "align-corners or half-pixel");
    }

    [Fact]
    public async Task TooManyJobsAtOnceAreBusy503WithRetryAfter()
    {
        var held = Enumerable.Range(0, server.Server.Gate.Capacity).Select(_ => server.Server.Gate.Enter()).ToList();
        try
        {
            using var busy = await Client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "tone.wav", File.ReadAllBytes(server.Tone))]));
            await AssertBody(busy, 503, "busy", "try again");
            Assert.Equal("2", busy.Headers.RetryAfter?.ToString());
        }
        finally
        {
            held.ForEach(t => t.Dispose());
        }
        using var ok = await Client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", "tone.wav", File.ReadAllBytes(server.Tone))]));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task NoClientPathReachesTheDisk()
    {
        // A traversal in the file name is a label only: the answer names the cleaned name, and nothing is written there.
        var target = Path.Combine(server.Inputs, "escaped");
        var name = $"../../../../..{target}";
        using var response = await Client.PostAsync("api/localize", ServerFixture.Form([("image", "scene.jpg", File.ReadAllBytes(server.Picture)), ("audio", name, File.ReadAllBytes(server.Tone))]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(File.Exists(target));
        Assert.Contains("\"sound\":\"escaped\"", await response.Content.ReadAsStringAsync());
        using var example = await Client.GetAsync("api/examples/..%2F..%2Fetc/picture");
        Assert.Equal(HttpStatusCode.NotFound, example.StatusCode);
    }

    [Fact]
    public async Task AVideoRendersWithProgressToAHeatmapVideoWithSound()
    {
        var video = Path.Combine(server.Inputs, "short.mp4");
        CliRunner.MakeVideo(video, 1.0, withAudio: true);
        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(video)), "video", "short.mp4" }, { new StringContent("0.5"), "step" } };
        using var start = await Client.PostAsync("api/video", form);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await ServerFixture.FinishedVideoJob(Client, start);
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal(status.GetProperty("total").GetInt32(), status.GetProperty("done").GetInt32());
        var mp4 = Path.Combine(server.Inputs, "heat.mp4");
        File.WriteAllBytes(mp4, await Client.GetByteArrayAsync(status.GetProperty("video").GetString()!.TrimStart('/')));
        var info = global::SoundSight.Media.MediaInfo.Probe(mp4);
        Assert.True(info.HasVideo && info.HasAudio);
        using var missing = await Client.GetAsync("api/jobs/0123456789abcdef/video");
        await AssertBody(missing, 404, "not-found", "no such video job");
    }

    [Fact]
    public async Task ThePageAndExamplesAreServedFromTheAssembly()
    {
        var page = await Client.GetStringAsync("");
        Assert.Contains("<script src=\"/app.js\">", page);
        Assert.Contains("POST /api/localize", await Client.GetStringAsync("app.js") + page);
        using var examples = JsonDocument.Parse(await Client.GetStringAsync("api/examples"));
        var list = examples.RootElement.EnumerateArray().ToList();
        Assert.Contains(list, e => e.GetProperty("sounds").GetArrayLength() == 2);
        var picture = await Client.GetByteArrayAsync(list[0].GetProperty("picture").GetString()!.TrimStart('/'));
        Assert.True(picture.Length > 1000);
        using var unknown = await Client.GetAsync("api/nothing");
        await AssertBody(unknown, 404, "not-found", "no such");
    }

    private MultipartFormDataContent Form(byte[] picture, string name) =>
        ServerFixture.Form([("image", name, picture), ("audio", "tone.wav", File.ReadAllBytes(server.Tone))]);

    private async Task AssertRefused(HttpContent content, int status, string code, string fragment, string route = "api/localize")
    {
        using var response = await Client.PostAsync(route, content);
        await AssertBody(response, status, code, fragment);
    }

    private static async Task AssertBody(HttpResponseMessage response, int status, string code, string fragment)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        var message = json.RootElement.GetProperty("message").GetString()!;
        Assert.Contains(fragment, message);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(Path.GetTempPath(), message);
    }
}
