using SoundSight.Runtime;

namespace SoundSight.Data.Compose;

/// <summary>
/// Adds background noise to a clip at a chosen signal-to-noise ratio: pink noise (equal energy per octave, like
/// wind, traffic or a room's hum, made from white noise with Paul Kellet's economy filter), scaled against the
/// clip's RMS. The result is clipped to [-1, 1].
/// </summary>
public static class NoiseMixer
{
    public static float[] Mix(ReadOnlySpan<float> clip, double snrDb, SeededRandom rng)
    {
        double energy = 0;
        foreach (var s in clip)
        {
            energy += s * (double)s;
        }
        var rms = Math.Sqrt(energy / Math.Max(1, clip.Length));
        var noise = new double[clip.Length];
        double b0 = 0, b1 = 0, b2 = 0, noiseEnergy = 0;
        for (var i = 0; i < noise.Length; i++)
        {
            var white = rng.Uniform(-1, 1);
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            noise[i] = b0 + b1 + b2 + (white * 0.1848);
            noiseEnergy += noise[i] * noise[i];
        }
        var noiseRms = Math.Sqrt(noiseEnergy / Math.Max(1, noise.Length));
        var gain = noiseRms > 0 ? rms / Math.Pow(10, snrDb / 20) / noiseRms : 0;
        var mixed = new float[clip.Length];
        for (var i = 0; i < mixed.Length; i++)
        {
            mixed[i] = (float)Math.Clamp(clip[i] + (gain * noise[i]), -1, 1);
        }
        return mixed;
    }
}
