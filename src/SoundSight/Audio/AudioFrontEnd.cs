using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SoundSight.IO;
using SoundSight.Protocol;

namespace SoundSight.Audio;

/// <summary>
/// Turns audio into the audio encoder's input exactly as the official test loader (SSLalignment
/// datasets_lvs.GetAudioVideoDataset.__getitem__) does: tile audio shorter than the clip
/// (np.tile with int(clip_samples / length) + 1 copies), keep the clip's first samples, slice the window, clip to [-1, 1],
/// scipy.signal.spectrogram(x, 16000, nperseg=512, noverlap=353), log(P + 1e-7), divide by 12 in double, cast to
/// float32 (the model gets spec.float()). Output is [1][257][299] for the official window, C order.
/// </summary>
/// <remarks>
/// Documented deviations, both where the official code fails or silently misreads: audio at a rate other than
/// 16 kHz is first converted to 16 kHz (see <see cref="Resampler"/>); a source with more than two channels
/// contributes channel 0, as stereo does (the official code keeps channel 0 only of stereo and breaks on others).
/// </remarks>
public sealed class AudioFrontEnd : ISpectrogramSource
{
    /// <summary>The spectrogram has one channel.</summary>
    public const int Channels = 1;

    /// <summary>Rate everything is converted to before slicing.</summary>
    public const int SampleRate = OfficialProtocol.SampleRate;

    /// <summary>A front end with the official spectrogram (nperseg 512, noverlap 353) and a default window.</summary>
    public AudioFrontEnd(AudioWindow? window = null)
        : this(new Spectrogram(), window)
    {
    }

    public AudioFrontEnd(Spectrogram spectrogram, AudioWindow? window = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        Spectrogram = spectrogram;
        Window = window ?? AudioWindow.Official;
        // Fails now, not per clip, when the window is shorter than one segment.
        Shape(Window);
    }

    public Spectrogram Spectrogram { get; }

    /// <summary>The window used by the overloads that take none.</summary>
    public AudioWindow Window { get; }

    /// <summary>Rows of the output (257).</summary>
    public int FrequencyBins => Spectrogram.FrequencyBins;

    /// <summary>Columns of the output for <see cref="Window"/> (299 for the official window).</summary>
    public int Frames => Shape(Window).TimeFrames;

    /// <summary>[1, frequency bins, frames] of the output for this window (1 x 257 x 299 for the official one).</summary>
    public SpectrogramShape Shape(AudioWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new SpectrogramShape(Channels, Spectrogram.FrequencyBins, Spectrogram.FrameCount(window.SampleCount(SampleRate)));
    }

    /// <summary>Reads a WAV file and returns its log spectrogram.</summary>
    public float[] LogSpectrogram(string wavPath, AudioWindow window) => LogSpectrogram(WavReader.Read(wavPath), window);

    /// <summary>Reads a WAV file and returns its log spectrogram for <see cref="Window"/>.</summary>
    public float[] LogSpectrogram(string wavPath) => LogSpectrogram(WavReader.Read(wavPath), Window);

    /// <summary>The log spectrogram for <see cref="Window"/>.</summary>
    public float[] LogSpectrogram(AudioClip clip) => LogSpectrogram(clip, Window);

    /// <summary>The log spectrogram for <see cref="Window"/>, and its columns.</summary>
    public (float[] Values, int Frames) EncoderInput(AudioClip clip) => (LogSpectrogram(clip, Window), Frames);

    /// <summary>The float32 log spectrogram, <see cref="Shape"/> values in C order [channel][frequency][time].</summary>
    public float[] LogSpectrogram(AudioClip clip, AudioWindow window) => LogSpectrogram(clip, window, 0);

    /// <summary>
    /// The window moved by <paramref name="sampleShift"/> samples at 16 kHz inside the clip (the authors' audio
    /// augmentation shifts the 3-s window by up to 3.5 s); the shifted window must stay inside the clip.
    /// </summary>
    public float[] LogSpectrogram(AudioClip clip, AudioWindow window, int sampleShift)
    {
        var result = new float[Shape(window).Count];
        LogSpectrogram(clip, window, sampleShift, result);
        return result;
    }

    /// <summary>The shifted window's log spectrogram written into destination (<see cref="Shape"/> values).</summary>
    public void LogSpectrogram(AudioClip clip, AudioWindow window, int sampleShift, Span<float> destination)
    {
        var shape = Shape(window);
        if (destination.Length < shape.Count)
        {
            throw new ArgumentException($"{destination.Length} floats for a spectrogram of {shape.Count}");
        }
        var sampleCount = window.SampleCount(SampleRate);
        var samples = ArrayPool<double>.Shared.Rent(sampleCount);
        var power = ArrayPool<double>.Shared.Rent(shape.Count);
        try
        {
            FillWindow(clip, window, samples.AsSpan(0, sampleCount), sampleShift);
            Spectrogram.PowerSpectralDensity(samples.AsSpan(0, sampleCount), SampleRate, power.AsSpan(0, shape.Count));
            LogScaled(power.AsSpan(0, shape.Count), destination[..shape.Count]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(power);
            ArrayPool<double>.Shared.Return(samples);
        }
    }

    /// <summary>The samples of <see cref="Window"/> the spectrogram is computed from.</summary>
    public double[] WindowSamples(AudioClip clip) => WindowSamples(clip, Window);

    /// <summary>The window's samples at 16 kHz, tiled, sliced and clipped: what the official code hands to scipy.</summary>
    public double[] WindowSamples(AudioClip clip, AudioWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var result = new double[window.SampleCount(SampleRate)];
        FillWindow(clip, window, result, 0);
        return result;
    }

    // Tiling then cutting to the clip length makes sample i of the clip source[i % n] whenever the source is
    // shorter than the clip, and source[i] otherwise (then i < n), so the window is read without building either.
    private static void FillWindow(AudioClip clip, AudioWindow window, Span<double> destination, int sampleShift)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var source = clip.SampleRate == SampleRate ? clip.Samples : ResampledClipStart(clip, window);
        if (source.Length == 0)
        {
            throw new InputException(clip.Source, "contains no audio samples");
        }
        var (start, end) = window.SampleRange(SampleRate);
        start += sampleShift;
        if (start < 0 || end + sampleShift > window.ClipSampleCount(SampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleShift), sampleShift, "the shifted window leaves the clip");
        }
        // Copied run by run: one run unless the source is shorter than the clip and tiles.
        var from = start % source.Length;
        for (var done = 0; done < destination.Length; from = 0)
        {
            var run = Math.Min(destination.Length - done, source.Length - from);
            ClipToUnit(source.AsSpan(from, run), destination.Slice(done, run));
            done += run;
        }
    }

    /// <summary>np.clip(x, -1, 1) four samples at a time with the scalar comparisons (NaN stays NaN, -0 stays -0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ClipToUnit(ReadOnlySpan<double> source, Span<double> destination)
    {
        var one = Vector256.Create(1.0);
        var minusOne = Vector256.Create(-1.0);
        var i = 0;
        for (; i + 4 <= source.Length; i += 4)
        {
            var x = Vector256.Create(source.Slice(i, 4));
            var clipped = Vector256.ConditionalSelect(Vector256.GreaterThan(x, one), one, Vector256.ConditionalSelect(Vector256.LessThan(x, minusOne), minusOne, x));
            clipped.CopyTo(destination[i..]);
        }
        for (; i < source.Length; i++)
        {
            var sample = source[i];
            destination[i] = sample > 1.0 ? 1.0 : sample < -1.0 ? -1.0 : sample;
        }
    }

    // Only the clip's first ClipSeconds reach the spectrogram, so a long recording is resampled only that far,
    // plus a margin far longer than the filter's reach (a few ms), which keeps those samples identical to
    // resampling everything and keeps a long file from tiling.
    private static double[] ResampledClipStart(AudioClip clip, AudioWindow window)
    {
        const double marginSeconds = 1.0;
        var needed = Math.Ceiling((window.ClipSeconds + marginSeconds) * clip.SampleRate);
        var count = needed < clip.Samples.Length ? (int)needed : clip.Samples.Length;
        return new Resampler(clip.SampleRate, SampleRate).Resample(clip.Samples.AsSpan(0, count));
    }

    /// <summary>
    /// (float)(log(p + 1e-7) / 12) for every value, four at a time: .NET's vectorised log is within an ulp of
    /// Math.Log in double, which the cast to float32 hides (the float results agree on every value tested,
    /// AudioFrontEndTests), two to three times as fast as a scalar log. The last few values go through
    /// the same vector code, padded, so every value is computed one way. Eight lanes (Vector512.Log) give the same
    /// bits but were never faster on this project's Zen 4 machine (its 512-bit units are two 256-bit halves) and, in
    /// about half the processes, twice as slow.
    /// </summary>
    // Fully optimised from the first call: the vector code is slow at tier 0, and training starts at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LogScaled(ReadOnlySpan<double> power, Span<float> destination)
    {
        var i = 0;
        for (; i + 4 <= power.Length; i += 4)
        {
            Log4(Vector256.Create(power.Slice(i, 4))).CopyTo(destination[i..]);
        }
        if (i < power.Length)
        {
            Span<double> tail = [1, 1, 1, 1];
            power[i..].CopyTo(tail);
            Span<float> narrowed = stackalloc float[4];
            Log4(Vector256.Create(tail)).CopyTo(narrowed);
            narrowed[..(power.Length - i)].CopyTo(destination[i..]);
        }
    }

    private static Vector128<float> Log4(Vector256<double> power)
    {
        var log = Vector256.Log(power + Vector256.Create(OfficialProtocol.LogEpsilon)) / Vector256.Create(OfficialProtocol.LogScale);
        return Vector128.Narrow(log.GetLower(), log.GetUpper());
    }
}
