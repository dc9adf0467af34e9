using SoundSight.Audio;

namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// What PyAV's <c>AudioResampler(format="s16p", layout="mono", rate=native)</c> makes of a WAV file's frames in the
/// competing methods' audio_io.load_audio_av: FFmpeg's PCM decoders, then libswresample (FFmpeg 5.1, the version
/// PyAV 10 links on Debian 12) at its defaults, no dithering. Exact for mono and stereo (tests:
/// CompetingAudioFrontEndTests):
/// <list type="bullet">
/// <item>mono: a plain sample-format conversion: int16 unchanged; float32 lrintf(x * 32768) and float64
/// lrint(x * 32768), clipped to int16; 24/32-bit PCM (decoded as int32) shifted right 16; 8-bit (x - 128) &lt;&lt; 8;</item>
/// <item>stereo: the default matrix mixes left and right at sqrt(1/2) each, normalised to 0.5 each since the output
/// is integer. 16-bit and 8-bit sources mix in 16-bit fixed point, (16384 L + 16384 R + 16384) &gt;&gt; 15; 32-bit float and
/// wider PCM mix in float32 (PCM as x / 2^31 first) and convert with lrintf(m * 32768); float64 mixes in double.</item>
/// </list>
/// </summary>
/// <remarks>
/// Named deviation: more than two channels are averaged; FFmpeg's downmix matrix for a surround layout (centre and
/// surround levels, LFE dropped) is not reproduced.
/// </remarks>
public static class PyAvMonoPcm16
{
    /// <summary>The mono int16 samples, one per frame of the file.</summary>
    public static short[] Convert(WavSamples wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        var result = new short[wav.FrameCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = wav.Channels switch
            {
                1 => Mono(wav, i),
                2 => Stereo(wav, i),
                _ => Average(wav, i),
            };
        }
        return result;
    }

    private static short Mono(WavSamples wav, int i) => wav.Encoding switch
    {
        WavEncoding.SignedPcm when wav.IsPcm16 => wav.Int16Sample(i, 0),
        WavEncoding.SignedPcm => (short)(wav.Int32Sample(i, 0) >> 16),
        WavEncoding.UnsignedPcm8 => (short)(wav.Int32Sample(i, 0) >> 16),
        WavEncoding.Float32 => FloatToInt16(wav.Float32Sample(i, 0)),
        _ => DoubleToInt16(wav.Float64Sample(i, 0)),
    };

    private static short Stereo(WavSamples wav, int i)
    {
        switch (wav.Encoding)
        {
            case WavEncoding.SignedPcm when wav.IsPcm16:
                return FixedPointMix(wav.Int16Sample(i, 0), wav.Int16Sample(i, 1));
            case WavEncoding.UnsignedPcm8:
                return FixedPointMix(wav.Int32Sample(i, 0) >> 16, wav.Int32Sample(i, 1) >> 16);
            case WavEncoding.SignedPcm:
                // s32 -> flt: x * (1.0f / 2^31) in float (libswresample's audioconvert).
                const float scale = 1.0f / 2147483648.0f;
                return FloatToInt16(FloatMix(wav.Int32Sample(i, 0) * scale, wav.Int32Sample(i, 1) * scale));
            case WavEncoding.Float32:
                return FloatToInt16(FloatMix(wav.Float32Sample(i, 0), wav.Float32Sample(i, 1)));
            default:
                return DoubleToInt16((0.5 * wav.Float64Sample(i, 0)) + (0.5 * wav.Float64Sample(i, 1)));
        }
    }

    private static short Average(WavSamples wav, int i)
    {
        var sum = 0.0;
        for (var c = 0; c < wav.Channels; c++)
        {
            sum += wav.Encoding switch
            {
                WavEncoding.Float32 => wav.Float32Sample(i, c),
                WavEncoding.Float64 => wav.Float64Sample(i, c),
                _ => wav.Int32Sample(i, c) / 2147483648.0,
            };
        }
        return DoubleToInt16(sum / wav.Channels);
    }

    // sum2_s16 with both coefficients 16384 (0.5 in Q15): R(x) = (x + 16384) >> 15.
    private static short FixedPointMix(int left, int right) => (short)(((16384 * left) + (16384 * right) + 16384) >> 15);

    // sum2_float: coeff1 * in1 + coeff2 * in2 in float32; the products by 0.5 are exact.
    private static float FloatMix(float left, float right) => (0.5f * left) + (0.5f * right);

    // av_clip_int16(lrintf(x * (1 << 15))): round half to even, then saturate.
    private static short FloatToInt16(float x) => (short)Math.Clamp(MathF.Round(x * 32768f, MidpointRounding.ToEven), short.MinValue, short.MaxValue);

    private static short DoubleToInt16(double x) => (short)Math.Clamp(Math.Round(x * 32768.0, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
}
