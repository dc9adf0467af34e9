using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>One input worker's decode targets (a picture's pixels, a clip's samples), reused item after item.</summary>
internal sealed class WorkerBuffers
{
    public ReusableArrays<byte> Pixels { get; } = new();

    public ReusableArrays<double> Samples { get; } = new();
}
