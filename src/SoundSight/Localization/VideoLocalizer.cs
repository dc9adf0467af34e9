using System.Globalization;
using SkiaSharp;
using SoundSight.Audio;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Maps;
using SoundSight.Media;

namespace SoundSight.Localization;

/// <summary>Settings of <see cref="VideoLocalizer"/>.</summary>
public sealed record VideoLocalizerOptions
{
    /// <summary>Seconds between two computed maps; frames in between get maps interpolated linearly.</summary>
    public double StepSeconds { get; init; } = 0.5;

    /// <summary>Length of the sound window centred on each step, seconds (the official window is 3 s).</summary>
    public double WindowSeconds { get; init; } = 3.0;

    /// <summary>A window whose RMS is below this level (dBFS) is silent: its frames show no map, marked as such.</summary>
    public double SilenceDb { get; init; } = -60;

    /// <summary>Frame rate of the output video (at most the source's).</summary>
    public double MaxFramesPerSecond { get; init; } = 25;

    /// <summary>Tiles of the contact sheet, evenly chosen among the steps.</summary>
    public int SheetTiles { get; init; } = 24;
}

/// <summary>One computed step: the time of the window centre, its raw map, and whether the window was silent.</summary>
public sealed record VideoStep(double Seconds, float[] RawMap, int RawHeight, int RawWidth, bool Silent, double PeakSimilarity);

/// <summary>
/// A whole video localized: a sound window slides over the track in steps, each step's map is computed for the
/// frame at the window centre, and an output video shows the heatmap over every frame (maps interpolated between
/// steps) with the original sound, plus a contact sheet PNG. Silent stretches show the dimmed frame with a grey
/// "silent" bar instead of a map, so a map from silence never looks confident.
/// </summary>
public sealed class VideoLocalizer
{
    private readonly IPairLocalizer _localizer;
    private readonly VideoLocalizerOptions _options;
    private readonly bool _hearsAnyClip;
    private readonly HeatmapOverlay _overlay = new();

    /// <param name="localizer">
    /// Any method's localizer. With <paramref name="hearsAnyClip"/> (the authors' front end: ours, LVS) its window
    /// must be <see cref="WindowFor"/> of the options, and each step hears the window around its time; otherwise (a
    /// front end that reads a sound file and takes its own window from it: the EZ-VSL family, FNAC, SSL-TIE) each
    /// step is handed the 10-s clip around its time (<see cref="ClipAround"/>), as `localize --video --at` does. Maps
    /// follow the method's own rules (<see cref="IPairLocalizer.EvaluationMapOf"/>).
    /// </param>
    public VideoLocalizer(IPairLocalizer localizer, VideoLocalizerOptions options, bool hearsAnyClip = true)
    {
        if (!(options.StepSeconds > 0) || !(options.WindowSeconds > 0.1))
        {
            throw new InputException(Setting.Mention(Setting.StepSeconds, Setting.WindowSeconds), "must be positive (the window at least 0.1 s)");
        }
        _localizer = localizer;
        _options = options;
        _hearsAnyClip = hearsAnyClip;
    }

    /// <summary>
    /// The video's own sound for the frame at t, for a front end that takes its window from a 10-s clip: the clip
    /// centred on t (shifted to fit inside the track), so the official window [3.5, 6.5) s hears [t - 1.5, t + 1.5);
    /// a track shorter than 10 s is used whole (the front end then tiles it, as the official loader does). An
    /// excerpt either way: a video is not a sound file, so the front ends that read files get it written out.
    /// </summary>
    public static AudioClip ClipAround(AudioClip track, double t)
    {
        var clipSamples = (int)(AudioWindow.Official.ClipSeconds * track.SampleRate);
        if (track.Samples.Length <= clipSamples)
        {
            return new AudioClip(track.Samples, track.SampleRate, track.SourceChannels, track.Source) { IsExcerpt = true };
        }
        var start = (int)Math.Clamp((t - (AudioWindow.Official.ClipSeconds / 2)) * track.SampleRate, 0, track.Samples.Length - clipSamples);
        return new AudioClip(track.Samples[start..(start + clipSamples)], track.SampleRate, track.SourceChannels, track.Source) { IsExcerpt = true };
    }

    /// <summary>The audio window the localizer must use: the whole clip it is given, which is one window long.</summary>
    public static AudioWindow WindowFor(VideoLocalizerOptions options) => new(options.WindowSeconds, 0, options.WindowSeconds);

    public IReadOnlyList<VideoStep> Run(string video, string outVideo, string sheetPng, IProgress<(int Done, int Total)>? progress = null)
    {
        var info = MediaInfo.Probe(video);
        if (!info.HasVideo)
        {
            throw new InputException(video, "has no video stream");
        }
        if (!info.HasAudio)
        {
            throw new InputException(video, "has no audio stream: nothing to localize");
        }
        var track = AudioTrackReader.Read(video);
        var first = new VideoFrameReader().ReadFrame(video, 0); // its size is the upright (rotated) size
        var width = Math.Max(2, first.Width & ~1);
        var height = Math.Max(2, first.Height & ~1); // yuv420p needs even sizes
        var duration = info.DurationSeconds > 0 ? info.DurationSeconds : track.DurationSeconds;
        var count = Math.Max(1, (int)Math.Ceiling(duration / _options.StepSeconds));
        var fps = Math.Min(_options.MaxFramesPerSecond, SourceRate(video));
        var total = count + (int)Math.Ceiling(duration * fps);

        // Pass 1: the frame at every window centre, and the maps in batches.
        var stepFrames = RawVideoDecoder.Frames(video, 1 / _options.StepSeconds, width, height).Take(count).ToList();
        if (stepFrames.Count == 0)
        {
            throw new InputException(video, "no frames could be decoded");
        }
        var steps = new List<VideoStep>(count);
        const int batch = 8;
        for (var k0 = 0; k0 < count; k0 += batch)
        {
            var pairs = new List<(RgbImage, AudioClip)>();
            var quiet = new List<bool>();
            for (var k = k0; k < Math.Min(count, k0 + batch); k++)
            {
                var frame = stepFrames[Math.Min(k, stepFrames.Count - 1)];
                var t = k * _options.StepSeconds;
                // Silence is judged on the window around t, whichever clip the method is handed.
                var window = Window(track, t);
                quiet.Add(IsQuiet(window));
                pairs.Add((new RgbImage(width, height, frame, $"{video}@{t}s"), _hearsAnyClip ? window : ClipAround(track, t)));
            }
            var results = _localizer.LocalizePairs(pairs);
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                steps.Add(new VideoStep((k0 + i) * _options.StepSeconds, r.RawMap, r.RawHeight, r.RawWidth, quiet[i], r.PeakSimilarity));
            }
            progress?.Report((steps.Count, total));
        }

        // Pass 2: every frame at the output rate, with the map of its time.
        using (var encoder = new VideoEncoder(outVideo, width, height, fps, video))
        {
            var n = 0;
            foreach (var frame in RawVideoDecoder.Frames(video, fps, width, height))
            {
                encoder.Write(RenderFrame(frame, width, height, steps, n / fps));
                if (++n % 10 == 0)
                {
                    progress?.Report((count + n, total));
                }
            }
            encoder.Finish();
        }
        AtomicFile.WriteAllBytes(sheetPng, ContactSheet(stepFrames, width, height, steps));
        progress?.Report((total, total));
        return steps;
    }

    /// <summary>The sound window centred on t at the track's rate, zeros beyond the track's ends.</summary>
    private AudioClip Window(AudioClip track, double t)
    {
        var length = (int)Math.Round(_options.WindowSeconds * track.SampleRate);
        var start = (int)Math.Round((t - (_options.WindowSeconds / 2)) * track.SampleRate);
        var samples = new double[length];
        for (var i = 0; i < length; i++)
        {
            var j = start + i;
            samples[i] = j >= 0 && j < track.Samples.Length ? track.Samples[j] : 0;
        }
        return new AudioClip(samples, track.SampleRate, track.SourceChannels, track.Source) { IsExcerpt = true };
    }

    private bool IsQuiet(AudioClip clip)
    {
        double sum = 0;
        foreach (var s in clip.Samples)
        {
            sum += s * s;
        }
        var rms = Math.Sqrt(sum / Math.Max(1, clip.Samples.Length));
        return rms < Math.Pow(10, _options.SilenceDb / 20);
    }

    private byte[] RenderFrame(byte[] frame, int width, int height, IReadOnlyList<VideoStep> steps, double t)
    {
        var position = Math.Clamp(t / _options.StepSeconds, 0, steps.Count - 1);
        var k = (int)Math.Floor(position);
        var next = Math.Min(k + 1, steps.Count - 1);
        var alpha = (float)(position - k);
        var a = steps[k];
        var b = steps[next];
        if ((alpha < 0.5f ? a : b).Silent)
        {
            using var silent = Silent(frame, width, height);
            return HeatmapOverlay.ToRgb(silent);
        }
        var mapA = CachedEvaluationMap(k, a);
        var mapB = CachedEvaluationMap(next, b);
        var map = new float[mapA.Length];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = b.Silent ? mapA[i] : a.Silent ? mapB[i] : ((1 - alpha) * mapA[i]) + (alpha * mapB[i]);
        }
        return _overlay.RenderRgb(frame, width, height, map, _localizer.Options.EvaluationSize, _localizer.Options.EvaluationSize);
    }

    /// <summary>
    /// Evaluation maps of the last few steps (frames come in time order, so two neighbours suffice); steps keep their
    /// raw maps only, which a long video's hundreds of steps can afford.
    /// </summary>
    private readonly Dictionary<int, float[]> _recentMaps = [];

    private float[] CachedEvaluationMap(int index, VideoStep step)
    {
        if (!_recentMaps.TryGetValue(index, out var map))
        {
            foreach (var old in _recentMaps.Keys.Where(key => key < index - 1).ToList())
            {
                _recentMaps.Remove(old);
            }
            map = _localizer.EvaluationMapOf(step.RawMap, step.RawHeight, step.RawWidth);
            _recentMaps[index] = map;
        }
        return map;
    }

    /// <summary>DejaVu Sans (Debian's default font) or whatever the system offers; labels need a font with glyphs.</summary>
    private static SKTypeface LabelFont()
    {
        var typeface = SKTypeface.FromFamilyName("DejaVu Sans");
        if (typeface is { GlyphCount: > 0 })
        {
            return typeface;
        }
        foreach (var path in new[] { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf" })
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { GlyphCount: > 0 } fromFile)
            {
                return fromFile;
            }
        }
        return SKTypeface.Default;
    }

    /// <summary>The frame dimmed and greyed, with a hatched grey bar and "silent" along the bottom.</summary>
    private static SKImage Silent(byte[] frame, int width, int height)
    {
        using var bitmap = HeatmapOverlay.ToBitmap(frame, width, height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        using (var image = SKImage.FromBitmap(bitmap))
        using (var grey = new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix(
        [
            0.15f, 0.15f, 0.15f, 0, 0.12f,
            0.15f, 0.15f, 0.15f, 0, 0.12f,
            0.15f, 0.15f, 0.15f, 0, 0.12f,
            0, 0, 0, 1, 0,
        ])
        })
        {
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), grey);
        }
        var bar = Math.Max(6f, height / 8f);
        using (var fill = new SKPaint { Color = new SKColor(128, 128, 128) })
        using (var hatch = new SKPaint { Color = new SKColor(200, 200, 200), StrokeWidth = Math.Max(1, bar / 6), IsStroke = true })
        {
            canvas.DrawRect(0, height - bar, width, bar, fill);
            for (var x = -bar; x < width; x += bar)
            {
                canvas.DrawLine(x, height, x + bar, height - bar, hatch);
            }
        }
        using (var font = new SKFont(LabelFont(), bar * 0.8f))
        using (var text = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.DrawText("silent: no map", 4, height - (bar * 0.2f), SKTextAlign.Left, font, text);
        }
        return surface.Snapshot();
    }

    private byte[] ContactSheet(IReadOnlyList<byte[]> frames, int width, int height, IReadOnlyList<VideoStep> steps)
    {
        var tiles = Math.Min(_options.SheetTiles, steps.Count);
        var picks = Enumerable.Range(0, tiles).Select(i => tiles == 1 ? 0 : (int)Math.Round(i * (steps.Count - 1) / (double)(tiles - 1))).Distinct().ToList();
        const int tileWidth = 240;
        var tileHeight = Math.Max(1, (int)Math.Round(tileWidth * height / (double)width));
        const int label = 22;
        var columns = Math.Min(6, picks.Count);
        var rows = (picks.Count + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * tileWidth, rows * (tileHeight + label), SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using var font = new SKFont(LabelFont(), 15);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        for (var i = 0; i < picks.Count; i++)
        {
            var step = steps[picks[i]];
            var frame = frames[Math.Min(picks[i], frames.Count - 1)];
            using var image = step.Silent ? Silent(frame, width, height) : _overlay.Render(frame, width, height, _localizer.EvaluationMapOf(step.RawMap, step.RawHeight, step.RawWidth), _localizer.Options.EvaluationSize, _localizer.Options.EvaluationSize);
            var x = i % columns * tileWidth;
            var y = i / columns * (tileHeight + label);
            canvas.DrawImage(image, new SKRect(x, y, x + tileWidth, y + tileHeight), new SKSamplingOptions(SKFilterMode.Linear));
            var caption = string.Create(CultureInfo.InvariantCulture, $"{step.Seconds:0.0} s{(step.Silent ? "  silent" : $"  peak {step.PeakSimilarity:0.00}")}");
            canvas.DrawText(caption, x + 4, y + tileHeight + 16, SKTextAlign.Left, font, white);
        }
        using var sheet = surface.Snapshot();
        using var data = sheet.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The video's average frame rate from ffprobe (25 when it says nothing usable).</summary>
    private static double SourceRate(string video)
    {
        var text = System.Text.Encoding.UTF8.GetString(Ffmpeg.Run("ffprobe", video,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=avg_frame_rate", "-of", "default=nw=1:nk=1", video])).Trim();
        var parts = text.Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && num > 0 && den > 0
            ? num / den
            : 25;
    }
}
