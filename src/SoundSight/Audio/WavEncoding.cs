namespace SoundSight.Audio;

/// <summary>Sample encodings the WAV reader decodes.</summary>
public enum WavEncoding
{
    /// <summary>8-bit unsigned PCM (offset 128).</summary>
    UnsignedPcm8,

    /// <summary>Signed little-endian PCM of 2, 3 or 4 bytes per sample.</summary>
    SignedPcm,

    /// <summary>IEEE 754 float, 4 bytes.</summary>
    Float32,

    /// <summary>IEEE 754 float, 8 bytes.</summary>
    Float64,
}
