using SoundSight.Audio;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// torchaudio.functional.melscale_fbanks(n_freqs, f_min 0, f_max = sample_rate // 2, n_mels, sample_rate,
/// norm None, mel_scale "htk") as torchaudio 0.13 builds it, in float32: bin frequencies linspace(0, rate // 2,
/// n_freqs), n_mels + 2 points evenly spaced in mel (2595 log10(1 + f / 700)) mapped back to Hz, and triangles
/// max(0, min(-(f_pts[m] - f) / (f_pts[m+1] - f_pts[m]), (f_pts[m+2] - f) / (f_pts[m+2] - f_pts[m+1]))).
/// </summary>
/// <remarks>
/// The mel points are torch's own float32 values for the common rates (<see cref="TorchaudioMelPoints"/>: torch
/// computes them with a vectorised linspace and powf that a formula does not reproduce to the bit); other rates
/// compute them in double, rounded to float32 (a named deviation). Every later step is float32 as in torch. With 257 mels over 257
/// bins (SSL-TIE), some filters are all zero, as torchaudio warns: those rows come out at the 1e-10 floor.
/// </remarks>
internal static class TorchaudioMelFilterBank
{
    /// <summary>The [n_freqs][n_mels] weights, C order (spectrogram bin f contributes weight [f, m] to mel m).</summary>
    public static float[] Create(int sampleRate, int frequencies, int mels)
    {
        var points = mels == 257 && TorchaudioMelPoints.For257Mels.TryGetValue(sampleRate, out var table) ? table : Points(sampleRate, mels);
        var binStep = (float)(sampleRate / 2) / (frequencies - 1);
        var weights = new float[frequencies * mels];
        for (var f = 0; f < frequencies; f++)
        {
            var hz = binStep * f;
            for (var m = 0; m < mels; m++)
            {
                var down = (-1.0f * (points[m] - hz)) / (points[m + 1] - points[m]);
                var up = (points[m + 2] - hz) / (points[m + 2] - points[m + 1]);
                weights[(f * mels) + m] = Math.Max(0f, Math.Min(down, up));
            }
        }
        return weights;
    }

    /// <summary>Whether the filters for this rate are torchaudio's to the bit (the rate is in the table).</summary>
    public static bool IsExact(int sampleRate, int mels) => mels == 257 && TorchaudioMelPoints.For257Mels.ContainsKey(sampleRate);

    // Rates outside the table: the mel points in double, rounded to float32 (named deviation: filters within an ulp
    // or so of torchaudio's, mel dB within about 5e-3 of it on the golden clips).
    internal static float[] Points(int sampleRate, int mels)
    {
        var fMax = (double)(sampleRate / 2);
        var melMax = 2595.0 * Math.Log10(1.0 + (fMax / 700.0));
        var points = new float[mels + 2];
        for (var i = 0; i < points.Length; i++)
        {
            var mel = melMax * i / (mels + 1);
            points[i] = (float)(700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0));
        }
        return points;
    }
}
