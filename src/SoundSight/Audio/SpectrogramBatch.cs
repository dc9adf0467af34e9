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
        return Stack(inputs, bins, frames);
    }

    /// <summary>
    /// The sounds as batches of equal length, in the order each length first appears: each group's indices into
    /// <paramref name="sounds"/> and its [b, 1, bins, frames] tensor (caller disposes). One group unless the front end
    /// reads each file at its own rate and the rates differ; a localizer encodes each group on its own, which is what
    /// running those sounds one at a time would compute.
    /// </summary>
    public static IReadOnlyList<(int[] Indices, Tensor Batch)> Groups(ISpectrogramSource frontEnd, IReadOnlyList<AudioClip> sounds)
    {
        var inputs = new (float[] Values, int Frames)[sounds.Count];
        Parallel.For(0, sounds.Count, i => inputs[i] = frontEnd.EncoderInput(sounds[i]));
        return Enumerable.Range(0, inputs.Length)
            .GroupBy(i => inputs[i].Frames)
            .Select(g => (g.ToArray(), Stack(g.Select(i => inputs[i]).ToArray(), frontEnd.FrequencyBins, g.Key)))
            .ToList();
    }

    /// <summary>One row block per group of <see cref="Groups"/> (in its order), put back in the sounds' order.</summary>
    public static Tensor InSoundOrder(IReadOnlyList<(int[] Indices, Tensor Batch)> groups, IReadOnlyList<Tensor> rows)
    {
        if (groups.Count == 1)
        {
            return rows[0];
        }
        var order = groups.SelectMany(g => g.Indices).ToArray();
        var position = new long[order.Length];
        for (var j = 0; j < order.Length; j++)
        {
            position[order[j]] = j;
        }
        return cat(rows.ToList(), 0).index_select(0, tensor(position, device: rows[0].device));
    }

    private static Tensor Stack((float[] Values, int Frames)[] inputs, int bins, int frames)
    {
        var data = new float[inputs.Length * bins * frames];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i].Values.CopyTo(data, i * bins * frames);
        }
        return tensor(data, [inputs.Length, 1, bins, frames]);
    }
}
