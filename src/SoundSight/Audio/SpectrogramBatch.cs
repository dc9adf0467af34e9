using SoundSight.IO;
using static TorchSharp.torch;

namespace SoundSight.Audio;

/// <summary>Several sounds through one front end as a [B, 1, bins, frames] tensor.</summary>
public static class SpectrogramBatch
{
    /// <summary>
    /// The batch (caller disposes). Sounds whose inputs differ in length (front ends that read each file at its own
    /// rate) cannot share a batch, as in the official DataLoader: one line names two such files.
    /// </summary>
    public static Tensor Of(ISpectrogramSource frontEnd, IReadOnlyList<AudioClip> sounds)
    {
        var inputs = new (float[] Values, int Frames)[sounds.Count];
        Parallel.For(0, sounds.Count, i => inputs[i] = frontEnd.EncoderInput(sounds[i]));
        var bins = frontEnd.FrequencyBins;
        var frames = inputs.Length > 0 ? inputs[0].Frames : frontEnd.Frames;
        for (var i = 1; i < inputs.Length; i++)
        {
            if (inputs[i].Frames != frames)
            {
                throw new InputException(sounds[i].Source, $"its input has {inputs[i].Frames} frames, that of {Path.GetFileName(sounds[0].Source)} {frames} (this method reads each file at its own rate): they cannot share a batch; use {Setting.Mention(Setting.Batch)} 1");
            }
        }
        var data = new float[sounds.Count * bins * frames];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i].Values.CopyTo(data, i * bins * frames);
        }
        return tensor(data, [sounds.Count, 1, bins, frames]);
    }
}
