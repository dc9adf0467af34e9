namespace SoundSight.Audio;

/// <summary>
/// scipy.signal.get_window(('tukey', alpha), length): the periodic ("fftbins") Tukey window, i.e. the symmetric
/// window of length + 1 points with the last point dropped. Same expressions in the same order as
/// scipy.signal.windows.tukey, so values agree to the ulp of the cosine.
/// </summary>
internal static class TukeyWindow
{
    public static double[] Periodic(int length, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var window = new double[length];
        if (length == 1 || alpha <= 0.0)
        {
            Array.Fill(window, 1.0);
            return window;
        }
        if (alpha >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha >= 1 is a Hann window; not needed here");
        }
        var m = length + 1;
        var width = (int)Math.Floor(alpha * (m - 1) / 2.0);
        for (var n = 0; n < length; n++)
        {
            if (n <= width)
            {
                window[n] = 0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * n / alpha / (m - 1)))));
            }
            else if (n < m - width - 1)
            {
                window[n] = 1.0;
            }
            else
            {
                window[n] = 0.5 * (1 + Math.Cos(Math.PI * ((-2.0 / alpha) + 1 + (2.0 * n / alpha / (m - 1)))));
            }
        }
        return window;
    }
}
