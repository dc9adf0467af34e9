using System.Diagnostics;
using System.Runtime.InteropServices;
using SoundSight.Api;
using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.Localization;

namespace SoundSight.Web;

/// <summary>
/// The work behind <c>POST /api/localize</c>: decode the uploads within the limits, run the model when it is free,
/// and present each map (numbers, the evaluation map, the overlay PNG that <see cref="HeatmapOverlay"/> draws).
/// </summary>
public sealed class LocalizeService(SoundSightModel model, ServeOptions limits, JobGate gate)
{
    private readonly UploadDecoder _decoder = new(limits);
    private readonly HeatmapOverlay _overlay = new();

    public ModelInfo Model { get; } = new(
        model.Kind switch { ModelKind.Checkpoint => "checkpoint", ModelKind.DemoDefault => "demo-default", _ => "untrained" },
        model.Description,
        model.Localizer.Options.ImageSize,
        model.Localizer.Options.Window.EndSeconds - model.Localizer.Options.Window.StartSeconds,
        model.Localizer.Model.HasProjections);

    public async Task<LocalizeResponse> LocalizeAsync(HttpRequest request, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var ticket = gate.Enter();
        var form = await UploadForm.ReadAsync(request, limits, cancel).ConfigureAwait(false);
        var upsample = UploadForm.Upsample(form, limits.DefaultUpsample);
        var imageFile = form.Files.GetFile("image") ?? throw ApiProblem.BadRequest("give one picture in the field 'image'");
        if (form.Files.GetFiles("image").Count > 1)
        {
            throw ApiProblem.BadRequest("give one picture per request (several sounds may share it)");
        }
        var soundFiles = form.Files.GetFiles("audio");
        if (soundFiles.Count == 0)
        {
            throw ApiProblem.BadRequest("give at least one sound in the field 'audio'");
        }
        if (soundFiles.Count > limits.MaxSounds)
        {
            throw ApiProblem.BadRequest($"{soundFiles.Count} sounds: this server takes at most {limits.MaxSounds} per picture");
        }

        var pictureName = UploadFolder.DisplayName(imageFile.FileName, "picture");
        var picture = _decoder.Picture(await ReadAllAsync(imageFile, cancel).ConfigureAwait(false), pictureName);
        var sounds = new List<AudioClip>(soundFiles.Count);
        using (var folder = UploadFolder.Create())
        {
            for (var k = 0; k < soundFiles.Count; k++)
            {
                var path = await folder.SaveAsync(soundFiles[k], "sound", k, cancel).ConfigureAwait(false);
                sounds.Add(_decoder.Sound(path, UploadFolder.DisplayName(soundFiles[k].FileName, $"sound {k + 1}")));
            }
        }

        var options = model.Localizer.Options;
        var results = await gate.RunModelAsync(() => model.Localize(picture, sounds), cancel).ConfigureAwait(false);
        var maps = new List<SoundMap>(results.Count);
        for (var k = 0; k < results.Count; k++)
        {
            var r = upsample == options.Upsample ? results[k] : EvaluationMapResampler.Resample(results[k], upsample, picture.Width, picture.Height);
            maps.Add(Present(r, picture, sounds[k]));
        }
        return new LocalizeResponse(Model, new PictureInfo(pictureName, picture.Width, picture.Height), UploadForm.Name(upsample), maps, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The same raw map, upsampled the other way (no second model run).</summary>
    private SoundMap Present(PairLocalization r, RgbImage picture, AudioClip sound)
    {
        var png = _overlay.RenderPng(picture.Pixels, picture.Width, picture.Height, r.EvaluationMap, r.EvaluationSize, r.EvaluationSize);
        var bytes = MemoryMarshal.AsBytes(r.EvaluationMap.AsSpan());
        return new SoundMap(
            sound.Source,
            sound.DurationSeconds,
            new PeakInfo(r.PeakX, r.PeakY),
            r.PeakSimilarity,
            r.MeanSimilarity,
            r.SemanticScore,
            r.SilentAudio,
            new RawMap(r.RawHeight, r.RawWidth, r.RawMap),
            new EvaluationMap(r.EvaluationSize, Convert.ToBase64String(bytes)),
            Convert.ToBase64String(png));
    }

    private static async Task<byte[]> ReadAllAsync(IFormFile file, CancellationToken cancel)
    {
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await file.CopyToAsync(buffer, cancel).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
