using System.CommandLine;
using SoundSight.Checkpoints;
using SoundSight.Cli.Console;
using SoundSight.Data;
using SoundSight.Models;
using SoundSight.Training;

namespace SoundSight.Cli.Commands;

/// <summary>`mine-neighbors`: the nearest neighbours per modality that the alignment method's third view draws from.</summary>
public static class MineNeighborsCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training manifest or VGGSound-style folder.", Required = true };
        var output = new Option<string>("--out") { Description = "Neighbour file to write (JSON).", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Encoders to embed with (a SoundSight or authors' checkpoint; default: untrained formula weights)." };
        var topK = new Option<int>("--top-k") { Description = "Neighbours kept per item and modality.", DefaultValueFactory = _ => 30 };
        var imageSize = new Option<int>("--image-size") { DefaultValueFactory = _ => 224 };
        var seconds = new Option<double>("--audio-seconds") { DefaultValueFactory = _ => 3.0 };
        var threads = new Option<int?>("--threads");
        var imageEncoder = new Option<string>("--image-encoder")
        {
            Description = "Encoder for pictures: 'checkpoint' (the model's vision tower) or 'imagenet' (the offline ImageNet ResNet-18, 224 px; the paper's image neighbours).",
            DefaultValueFactory = _ => "checkpoint",
        };
        imageEncoder.AcceptOnlyFromAmong("checkpoint", "imagenet");
        var audioEncoder = new Option<string>("--audio-encoder")
        {
            Description = "Encoder for sounds: 'checkpoint' (the model's audio tower) or 'spectrum' (the time-averaged log spectrum, centred: training-free, for when no trained audio encoder exists).",
            DefaultValueFactory = _ => "checkpoint",
        };
        audioEncoder.AcceptOnlyFromAmong("checkpoint", "spectrum");
        var command = new Command("mine-neighbors", "Find each item's nearest neighbours by picture and by sound (exact top-K cosine).") { data, output, checkpoint, topK, imageSize, seconds, threads, imageEncoder, audioEncoder };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            TorchSetup.Configure(parse.GetValue(threads));
            var items = TrainingSet.Load(parse.GetValue(data)!);
            using var model = new SoundLocalizationModel();
            DeterministicWeights.Apply(model, 0);
            if (parse.GetValue(checkpoint) is { } ck)
            {
                System.Console.Error.WriteLine($"checkpoint: {CheckpointLoader.Load(model, ck, SoundLocalizationModel.ProjectionPrefixes).Summary()}");
            }
            else
            {
                System.Console.Error.WriteLine("note: no --checkpoint: embedding with untrained formula weights (neighbours will be weak)");
            }
            var s = parse.GetValue(seconds);
            using var imageNet = parse.GetValue(imageEncoder) == "imagenet" ? new Models.ImageNet.ImageNetFeatureExtractor(Models.ImageNet.ImageNetModelFiles.Locate(), parse.GetValue(threads) ?? 0) : null;
            if (imageNet is not null)
            {
                System.Console.Error.WriteLine("pictures: ImageNet ResNet-18 (average-pooled final map, 224 px); sounds: the model's audio tower");
            }
            var miner = new NeighbourMiner(model, parse.GetValue(imageSize), new Audio.AudioWindow(10, 5 - (s / 2), 5 + (s / 2)), imageNet, parse.GetValue(audioEncoder) == "spectrum");
            NeighbourTable table;
            using (var bar = new ProgressBar("embed", items.Count))
            {
                table = miner.Mine(items, parse.GetValue(topK), new SynchronousProgress<int>(n => bar.Advance(n)));
            }
            table.Save(parse.GetValue(output)!);
            System.Console.WriteLine($"wrote neighbours of {items.Count} items (top {Math.Min(parse.GetValue(topK), items.Count - 1)} per modality) to {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }
}
