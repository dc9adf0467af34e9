namespace SoundSight.Audio;

/// <summary>Kaiser window and the design rules of Kaiser (1974) for windowed-sinc low-pass filters.</summary>
internal static class KaiserWindow
{
    /// <summary>Shape parameter beta for a stop-band attenuation in dB (valid above 50 dB).</summary>
    public static double BetaForAttenuation(double attenuationDb) => 0.1102 * (attenuationDb - 8.7);

    /// <summary>Taps needed for an attenuation and a transition width given in radians per sample.</summary>
    public static int LengthFor(double attenuationDb, double transitionRadians) =>
        (int)Math.Ceiling((attenuationDb - 7.95) / (2.285 * transitionRadians)) + 1;

    /// <summary>w(k) = I0(beta sqrt(1 - (2k / (length - 1) - 1)^2)) / I0(beta), k = 0..length-1 (symmetric).</summary>
    public static double At(int k, int length, double beta)
    {
        if (length == 1)
        {
            return 1.0;
        }
        var ratio = (2.0 * k / (length - 1)) - 1.0;
        return BesselI0(beta * Math.Sqrt(Math.Max(0.0, 1.0 - (ratio * ratio)))) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (fast for |x| below ~30).</summary>
    public static double BesselI0(double x)
    {
        var term = 1.0;
        var sum = 1.0;
        var quarterSquare = x * x / 4.0;
        for (var k = 1; k < 500 && term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
