using SoundSight.Audio;
using SoundSight.IO;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// SSL-TIE's audio input as the authors' comparison code makes it (SSLalignment
/// datasets_ssltie.GetAudioVideoDataset_ssltie.__getitem__, torchaudio 0.13 with the sox_io backend):
/// <list type="number">
/// <item>torchaudio.load: every channel as float32, libsox's scale (16-bit PCM x / 32768; float samples through
/// libsox's int32, so clipped to [-1, 1] and rounded to 2^-24; <see cref="TorchaudioSamples"/>); the AVSBench sets
/// (ms3, s4) keep channel 0 of a stereo file;</item>
/// <item>samples.repeat(1, int(rate * L / n) + 1) when shorter than L = 10 s (5 s for ms3, s4), then the first
/// rate * L samples;</item>
/// <item>MelSpectrogram(sample_rate, n_fft 512, hop 239, n_mels 257, normalized=True) at torchaudio's defaults:
/// periodic Hann window of 512, centre frames with reflect padding of 256, power 2, the power divided by the
/// window's energy (normalized = "window"), HTK mel filters from 0 to rate // 2, no filter normalisation
/// (<see cref="TorchaudioMelFilterBank"/>);</item>
/// <item>AmplitudeToDB(): 10 log10(max(x, 1e-10)), no top_db; no / 12.</item>
/// </list>
/// Output [channels][257][1 + rate * L // 239], float32, C order. torch computes the STFT and the mel product in
/// float32; this computes them in double from the same float32 samples, window and filters (torch's own mel points
/// for the common rates, <see cref="TorchaudioMelFilterBank"/>): within 3e-4 dB of torchaudio on the golden clips,
/// where torch's float32 result is itself up to 8.7e-4 dB from its float64 one (CompetingAudioFrontEndTests).
/// </summary>
public sealed class SslTieAudioFrontEnd
{
    public const int FftLength = 512;
    public const int HopLength = 239;
    public const int MelBins = 257;
    public const double AmplitudeFloor = 1e-10;

    private const int Bins = (FftLength / 2) + 1;

    /// <param name="clipSeconds">audio_length: 10 s; 5 s for the AVSBench sets (ms3, s4).</param>
    /// <param name="firstChannelOfStereo">the AVSBench sets keep samples[0:1] of a two-channel file.</param>
    public SslTieAudioFrontEnd(int clipSeconds = 10, bool firstChannelOfStereo = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipSeconds);
        ClipSeconds = clipSeconds;
        FirstChannelOfStereo = firstChannelOfStereo;
    }

    public int ClipSeconds { get; }

    public bool FirstChannelOfStereo { get; }

    /// <summary>[channels, 257, frames] for a file of this many channels at this rate.</summary>
    public SpectrogramShape Shape(int channels, int sampleRate) =>
        new(FirstChannelOfStereo && channels == 2 ? 1 : channels, MelBins, 1 + (sampleRate * ClipSeconds / HopLength));

    public float[] LogMel(string path) => LogMel(WavReader.ReadAllChannels(path));

    public float[] LogMel(WavSamples wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        var rate = wav.SampleRate;
        var shape = Shape(wav.Channels, rate);
        var length = rate * ClipSeconds;
        if (length <= FftLength / 2)
        {
            throw new InputException(wav.Source, $"sample rate {rate} Hz is too low for a {FftLength}-point spectrogram of {ClipSeconds} s");
        }
        var filters = TorchaudioMelFilterBank.Create(rate, Bins, MelBins);
        var window = Window();
        var windowEnergy = 0.0;
        foreach (var w in window)
        {
            windowEnergy += w * w;
        }
        var fft = new RealFft(FftLength);
        var frame = new double[FftLength];
        var real = new double[Bins];
        var imaginary = new double[Bins];
        var power = new double[Bins];
        var result = new float[shape.Count];
        for (var c = 0; c < shape.Channels; c++)
        {
            var channel = TorchaudioSamples(wav, c);
            var clip = new double[length];
            for (var i = 0; i < length; i++)
            {
                clip[i] = channel[i % channel.Length];
            }
            var plane = result.AsSpan(c * MelBins * shape.TimeFrames, MelBins * shape.TimeFrames);
            for (var t = 0; t < shape.TimeFrames; t++)
            {
                var start = (t * HopLength) - (FftLength / 2);
                for (var n = 0; n < FftLength; n++)
                {
                    frame[n] = window[n] * clip[Reflect(start + n, length)];
                }
                fft.Forward(frame, real, imaginary);
                for (var f = 0; f < Bins; f++)
                {
                    power[f] = ((real[f] * real[f]) + (imaginary[f] * imaginary[f])) / windowEnergy;
                }
                for (var m = 0; m < MelBins; m++)
                {
                    var mel = 0.0;
                    for (var f = 0; f < Bins; f++)
                    {
                        mel += power[f] * filters[(f * MelBins) + m];
                    }
                    plane[(m * shape.TimeFrames) + t] = (float)(10.0 * Math.Log10(Math.Max(mel, AmplitudeFloor)));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// One channel as torchaudio.load (sox_io, normalize=True) returns it: libsox holds every sample as an int32
    /// (PCM left-justified; float rounded from x * 2^31 and clipped) and converts back with
    /// SOX_SAMPLE_TO_FLOAT_32BIT, ((s + 64) &amp; ~127) / 2^31, 1 at the top.
    /// </summary>
    public static float[] TorchaudioSamples(WavSamples wav, int channel)
    {
        ArgumentNullException.ThrowIfNull(wav);
        var result = new float[wav.FrameCount];
        for (var i = 0; i < result.Length; i++)
        {
            var sample = wav.Encoding switch
            {
                WavEncoding.Float32 => SoxSample(wav.Float32Sample(i, channel)),
                WavEncoding.Float64 => SoxSample(wav.Float64Sample(i, channel)),
                _ => wav.Int32Sample(i, channel),
            };
            result[i] = sample > int.MaxValue - 64 ? 1f : (float)(((long)sample + 64 & ~127L) * (1.0 / 2147483648.0));
        }
        return result;
    }

    // SOX_FLOAT_64BIT_TO_SAMPLE: x * 2^31, rounded half away from zero, clipped to int32.
    private static int SoxSample(double x)
    {
        var scaled = x * 2147483648.0;
        if (scaled < 0)
        {
            return scaled <= int.MinValue - 0.5 ? int.MinValue : (int)(scaled - 0.5);
        }
        return scaled >= int.MaxValue + 0.5 ? int.MaxValue : (int)(scaled + 0.5);
    }

    // torch.hann_window(512) (periodic) as torch computes it in float32: 0.5 - 0.5 cos(n * float(2 pi / 512)).
    private static double[] Window()
    {
        var step = (float)(2.0 * Math.PI / FftLength);
        var window = new double[FftLength];
        for (var n = 0; n < FftLength; n++)
        {
            var c = (float)Math.Cos(n * step);
            window[n] = (-0.5f * c) + 0.5f;
        }
        return window;
    }

    // torch.stft(center=True, pad_mode="reflect"): index i of the signal padded by 256 on each side, mirrored
    // about the first and last samples (which are not repeated).
    private static int Reflect(int i, int length) => i < 0 ? -i : i >= length ? (2 * (length - 1)) - i : i;
}
