using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SoundSight.Api;
using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;

namespace SoundSight.Web;

/// <summary>
/// The work behind <c>POST /api/localize</c>: decode the uploads within the limits, run the model when it is free,
/// and present each map (numbers, the evaluation map, the overlay PNG that <see cref="HeatmapOverlay"/> draws).
/// </summary>
public sealed class LocalizeService(SoundSightModel model, ServeOptions limits, JobGate gate)
{
    private readonly UploadDecoder _decoder = new(limits);
    private readonly HeatmapOverlay _overlay = new();
    private readonly MapRules _rules = model.Method.Rules(null);

    public ModelInfo Model { get; } = new(
        model.Kind switch { ModelKind.Checkpoint => "checkpoint", ModelKind.DemoDefault => "demo-default", _ => "untrained" },
        model.Method.Name,
        model.Description,
        model.Localizer.Options.ImageSize,
        model.Method.SecondsHeard(model.Localizer.Options),
        UploadForm.Name(model.Localizer.Options.Upsample),
        model.Localizer is Localizer { Model.HasProjections: true },
        Video: true);

    public async Task<LocalizeResponse> LocalizeAsync(HttpRequest request, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var ticket = gate.Enter();
        var form = await UploadForm.ReadAsync(request, limits, cancel).ConfigureAwait(false);
        var options = model.Localizer.Options;
        var upsample = UploadForm.Upsample(form, limits.DefaultUpsample ?? options.Upsample);
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
        var names = new List<string>(soundFiles.Count);
        IReadOnlyList<PairLocalization> results;
        // The saved sounds stay until the model has run: the competing methods' front ends read each file themselves.
        using (var folder = UploadFolder.Create())
        {
            for (var k = 0; k < soundFiles.Count; k++)
            {
                var path = await folder.SaveAsync(soundFiles[k], "sound", k, cancel).ConfigureAwait(false);
                names.Add(UploadFolder.DisplayName(soundFiles[k].FileName, $"sound {k + 1}"));
                sounds.Add(_decoder.Sound(path, names[k]));
            }
            results = await gate.RunModelAsync(() => Run(picture, sounds, names), cancel).ConfigureAwait(false);
        }
        var maps = new List<SoundMap>(results.Count);
        for (var k = 0; k < results.Count; k++)
        {
            var r = upsample == options.Upsample ? results[k] : EvaluationMapResampler.Resample(results[k], upsample, picture.Width, picture.Height, _rules);
            maps.Add(Present(r, picture, names[k], sounds[k]));
        }
        return new LocalizeResponse(Model, new PictureInfo(pictureName, picture.Width, picture.Height), UploadForm.Name(upsample), maps, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The model on the decoded uploads. A method's own front end may refuse a sound the decoder took (SSL-TIE reads
    /// WAVs of one channel only): one sentence naming the client's files, never the server's paths. (Sounds of
    /// different rates, which FNAC and SSL-TIE read at their own rates, are encoded one batch per length.)
    /// </summary>
    private IReadOnlyList<PairLocalization> Run(RgbImage picture, List<AudioClip> sounds, List<string> names)
    {
        try
        {
            return model.Localize(picture, sounds);
        }
        catch (Exception failure) when (InputOf(failure) is { } e)
        {
            // Each saved file, by its path or its bare name, becomes the client's name in one pass (longest first, so
            // sound-1 never eats into sound-10, and a client's name is never replaced again).
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var k = 0; k < sounds.Count; k++)
            {
                labels[sounds[k].Source] = names[k];
                labels[Path.GetFileName(sounds[k].Source)] = names[k];
            }
            var pattern = string.Join("|", labels.Keys.OrderByDescending(key => key.Length).Select(Regex.Escape));
            throw ApiProblem.Unsupported(Regex.Replace(e.Message, pattern, m => labels[m.Value]));
        }
    }

    /// <summary>The input problem behind a failure (front ends read several sounds in parallel: it may come wrapped).</summary>
    private static InputException? InputOf(Exception e) => e switch
    {
        InputException input => input,
        AggregateException all => all.Flatten().InnerExceptions.OfType<InputException>().FirstOrDefault(),
        _ => null,
    };

    /// <summary>The same raw map, upsampled the other way (no second model run).</summary>
    private SoundMap Present(PairLocalization r, RgbImage picture, string name, AudioClip sound)
    {
        var png = _overlay.RenderPng(picture.Pixels, picture.Width, picture.Height, r.EvaluationMap, r.EvaluationSize, r.EvaluationSize);
        var bytes = MemoryMarshal.AsBytes(r.EvaluationMap.AsSpan());
        return new SoundMap(
            name,
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
