namespace SoundSight.Protocol;

/// <summary>
/// The numbers of the authors' evaluation protocol (SSLalignment datasets_lvs.py, model_lvs.py, test.py), in one
/// place. A deviation is a new named preset or option, never an edit here.
/// </summary>
public static class OfficialProtocol
{
    /// <summary>Square input image side, and the side of the map that evaluation thresholds.</summary>
    public const int ImageSize = 224;

    /// <summary>Sample rate the audio encoder was trained on.</summary>
    public const int SampleRate = 16000;

    /// <summary>Clip length in seconds: shorter audio is tiled up to it, longer audio cut to it.</summary>
    public const double ClipSeconds = 10.0;

    /// <summary>Start of the audio window inside the clip, seconds (samples [56000, 104000) at 16 kHz).</summary>
    public const double WindowStartSeconds = 3.5;

    /// <summary>End of the audio window inside the clip, seconds.</summary>
    public const double WindowEndSeconds = 6.5;

    /// <summary>scipy.signal.spectrogram nperseg.</summary>
    public const int SpectrogramSegment = 512;

    /// <summary>scipy.signal.spectrogram noverlap.</summary>
    public const int SpectrogramOverlap = 353;

    /// <summary>Added before the log of the power spectral density.</summary>
    public const double LogEpsilon = 1e-7;

    /// <summary>The log spectrogram is divided by this (torchvision Normalize(mean=0, std=12)).</summary>
    public const double LogScale = 12.0;

    /// <summary>Frequency bins of the spectrogram (nperseg / 2 + 1).</summary>
    public const int FrequencyBins = SpectrogramSegment / 2 + 1;

    /// <summary>Time frames of the spectrogram of a 3-s window at 16 kHz.</summary>
    public const int TimeFrames = 299;

    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Soft-mask threshold epsilon of s_L.</summary>
    public const double Epsilon = 0.65;

    /// <summary>Soft-mask temperature of s_L.</summary>
    public const double MaskTemperature = 0.03;

    /// <summary>Logit temperature of the contrastive losses.</summary>
    public const double LogitTemperature = 0.07;

    /// <summary>Weight of the audio-visual map in object-guided localization (OGL).</summary>
    public const double OglAlpha = 0.4;
}
