namespace SoundSight.Web;

/// <summary>What <c>POST /api/localize</c> answers (docs/serve.md describes every field).</summary>
public sealed record LocalizeResponse(ModelInfo Model, PictureInfo Image, string Upsample, IReadOnlyList<SoundMap> Maps, double Seconds);

/// <summary>The picture as decoded.</summary>
public sealed record PictureInfo(string Name, int Width, int Height);

/// <summary>One sound's map over the picture.</summary>
/// <param name="Sound">The client's file name of the sound (a label only).</param>
/// <param name="Peak">The evaluation map's peak, in pixels of the original picture.</param>
/// <param name="SA">s_A, when the checkpoint has projection heads; null otherwise.</param>
/// <param name="Raw">The native cosine map (14 x 14 at 224 px).</param>
/// <param name="Map">The evaluation map: side and little-endian float32 values, base64.</param>
/// <param name="OverlayPng">The heatmap over the picture at its size, peak marked: PNG, base64.</param>
public sealed record SoundMap(
    string Sound,
    double DurationSeconds,
    PeakInfo Peak,
    double PeakSimilarity,
    double MeanSimilarity,
    double? SA,
    bool Silent,
    RawMap Raw,
    EvaluationMap Map,
    string OverlayPng);

public sealed record PeakInfo(double X, double Y);

public sealed record RawMap(int Height, int Width, float[] Values);

public sealed record EvaluationMap(int Size, string Float32);

/// <summary>The model the server runs, said plainly.</summary>
/// <param name="Kind">checkpoint, demo-default or untrained.</param>
/// <param name="Method">The method's --method name (ours, lvs, ssltie, ezvsl, margin, slavc, fnac).</param>
/// <param name="WindowSeconds">Seconds of each sound the method hears.</param>
/// <param name="Upsample">The method's own upsampling, used when a request names none.</param>
/// <param name="Video">Whether the server renders heatmap videos (the methods that hear any clip: ours, LVS).</param>
public sealed record ModelInfo(string Kind, string Method, string Description, int ImageSize, double WindowSeconds, string Upsample, bool HasProjections, bool Video);

/// <summary>The error body of every refused request.</summary>
public sealed record ErrorBody(string Error, string Message);
