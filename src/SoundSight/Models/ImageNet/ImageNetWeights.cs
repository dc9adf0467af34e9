using SoundSight.Protocol;
using static TorchSharp.torch;

namespace SoundSight.Models.ImageNet;

/// <summary>
/// The ImageNet ResNet-18 of the NuGet package as a state_dict for <see cref="ResNet18Encoder"/> (official key
/// names: conv1, bn1, layer1.0.conv1, ..., layer4.1.downsample.1), with the input convention converted.
/// <para>The package network reads BGR in 0-255 minus a 224 x 224 mean image M; our encoder reads RGB scaled to
/// [0, 1] and normalised with the ImageNet mean and std. Since x_bgr = 255 (std * x + mean) is affine per channel,
/// conv1's weights absorb the channel swap and the scale exactly: W'[o, c] = 255 std_c W[o, bgr(c)]. The offset
/// 255 mean_c - M_c(h, w) varies over the picture; it is replaced by its spatial mean, whose response through
/// conv1 is a per-channel constant folded into bn1's running mean. That is the only approximation: the residual
/// is the mean image's spatial variation (per-channel standard deviation 3 to 6 grey levels) and the zero padding
/// at the border; docs/imagenet.md measures its effect on each stage's features.</para>
/// <para>The package's last stage has three blocks, the official encoder two: layer4.2 has no place in the
/// encoder and is dropped (ImageNet-pretrained layer4 is then blocks 0 and 1, as torchvision's). fc stays as it
/// is: the package has no classifier.</para>
/// </summary>
internal static class ImageNetWeights
{
    public static Dictionary<string, (float[] Values, long[] Shape)> EncoderStateDict(ImageNetResNet18 network)
    {
        var state = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
        var (conv1, meanShift) = FoldInput(network);
        state["conv1.weight"] = (conv1, network.Stem.Weight.Dims);
        AddBn(state, "bn1", network.Stem, meanShift);
        for (var s = 0; s < 4; s++)
        {
            for (var b = 0; b < 2; b++)
            {
                var block = network.Stages[s][b];
                var prefix = $"layer{s + 1}.{b}";
                state[$"{prefix}.conv1.weight"] = (block.First.Weight.Values, block.First.Weight.Dims);
                AddBn(state, $"{prefix}.bn1", block.First, null);
                state[$"{prefix}.conv2.weight"] = (block.Second.Weight.Values, block.Second.Weight.Dims);
                AddBn(state, $"{prefix}.bn2", block.Second, null);
                if (block.Downsample is { } d)
                {
                    state[$"{prefix}.downsample.0.weight"] = (d.Weight.Values, d.Weight.Dims);
                    AddBn(state, $"{prefix}.downsample.1", d, null);
                }
            }
        }
        return state;
    }

    /// <summary>
    /// The same weights for the audio encoder: the spectrogram stem conv1_a reads one channel, so it takes conv1's
    /// (normalised-RGB) kernels summed over the colour channels, which is exactly what the ImageNet network computes
    /// for a grey picture whose three normalised channels hold the spectrogram. The stages are copied as they are.
    /// </summary>
    public static Dictionary<string, (float[] Values, long[] Shape)> AudioStateDict(ImageNetResNet18 network)
    {
        var state = EncoderStateDict(network);
        var (rgb, shape) = state["conv1.weight"];
        state.Remove("conv1.weight");
        var (outChannels, kernel) = ((int)shape[0], (int)(shape[2] * shape[3]));
        var grey = new float[outChannels * kernel];
        for (var o = 0; o < outChannels; o++)
        {
            for (var k = 0; k < kernel; k++)
            {
                grey[(o * kernel) + k] = rgb[(((o * 3) + 0) * kernel) + k] + rgb[(((o * 3) + 1) * kernel) + k] + rgb[(((o * 3) + 2) * kernel) + k];
            }
        }
        state["conv1_a.weight"] = (grey, [shape[0], 1, shape[2], shape[3]]);
        return state;
    }

    /// <summary>Copies the mapped weights into an encoder; every mapped key must exist there with the same shape.</summary>
    public static void Apply(ResNet18Encoder encoder, ImageNetResNet18 network)
    {
        var target = encoder.state_dict();
        using var noGrad = no_grad();
        var mapped = encoder.Modality == Modality.Audio ? AudioStateDict(network) : EncoderStateDict(network);
        foreach (var (key, (values, shape)) in mapped)
        {
            if (!target.TryGetValue(key, out var parameter) || !parameter.shape.SequenceEqual(shape))
            {
                throw new InvalidOperationException($"encoder has no {key} of shape [{string.Join(", ", shape)}]");
            }
            using var source = tensor(values, shape);
            parameter.copy_(source);
        }
    }

    /// <summary>conv1 for normalised RGB input, and the constant its mean offset adds to each output channel.</summary>
    private static (float[] Weight, double[] MeanShift) FoldInput(ImageNetResNet18 network)
    {
        var w = network.Stem.Weight;
        var (outChannels, kernel) = ((int)w.Dims[0], (int)(w.Dims[2] * w.Dims[3]));
        var plane = ImageNetResNet18.InputSize * ImageNetResNet18.InputSize;
        // Offset per BGR input channel: 255 * ImageNet mean of that colour minus the mean image's average.
        var offset = new double[3];
        for (var bgr = 0; bgr < 3; bgr++)
        {
            var rgb = 2 - bgr;
            var average = 0.0;
            for (var i = 0; i < plane; i++)
            {
                average += network.MeanImage[(bgr * plane) + i];
            }
            offset[bgr] = (255.0 * OfficialProtocol.ImageNetMean[rgb]) - (average / plane);
        }
        var folded = new float[w.Values.Length];
        var shift = new double[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            for (var rgb = 0; rgb < 3; rgb++)
            {
                var bgr = 2 - rgb;
                var scale = 255.0 * OfficialProtocol.ImageNetStd[rgb];
                for (var k = 0; k < kernel; k++)
                {
                    var source = w.Values[(((o * 3) + bgr) * kernel) + k];
                    folded[(((o * 3) + rgb) * kernel) + k] = (float)(source * scale);
                    shift[o] += source * offset[bgr];
                }
            }
        }
        return (folded, shift);
    }

    private static void AddBn(Dictionary<string, (float[], long[])> state, string prefix, ConvBn layer, double[]? meanShift)
    {
        long[] shape = [layer.Scale.Values.Length];
        state[$"{prefix}.weight"] = (layer.Scale.Values, shape);
        state[$"{prefix}.bias"] = (layer.Bias.Values, shape);
        // BN(z + c) with running mean m equals BN(z) with running mean m - c.
        var mean = meanShift is null ? layer.Mean.Values : layer.Mean.Values.Select((m, i) => (float)(m - meanShift[i])).ToArray();
        state[$"{prefix}.running_mean"] = (mean, shape);
        state[$"{prefix}.running_var"] = (layer.Variance.Values, shape);
    }
}
