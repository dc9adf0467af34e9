using System.CommandLine;
using SoundSight.Checkpoints;
using SoundSight.Cli.Console;
using SoundSight.Data;
using SoundSight.Models;
using SoundSight.Training;

namespace SoundSight.Cli.Commands;

/// <summary>`mine-neighbours` (also `mine-neighbors`, its first spelling): the nearest neighbours per modality that the alignment method's third view draws from.</summary>
public static class MineNeighboursCommand
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
        var mining = new Option<string>("--mining")
        {
            Description = "How the lists are drawn: 'authors' (pictures by picture similarity, sounds by sound similarity), 'through-audio' (pictures of the items that sound alike) or 'agreement' (one list ranked by both similarities, standardised and summed).",
            DefaultValueFactory = _ => NeighbourMining.Authors,
        };
        mining.AcceptOnlyFromAmong([.. NeighbourMining.All]);
        var compare = new Option<bool>("--compare") { Description = "Also draw the other minings from the same embeddings and print each one's quality (the file holds --mining's lists)." };
        var command = new Command("mine-neighbours", "Find each item's nearest neighbours by picture and by sound (exact top-K cosine); with a class column, say how many share the anchor's class.") { data, output, checkpoint, topK, imageSize, seconds, threads, imageEncoder, audioEncoder, mining, compare };
        // The command's first, American spelling still runs: scripts and notes written before the rename keep working.
        command.Aliases.Add("mine-neighbors");
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            TorchSetup.Configure(parse.GetValue(threads));
            var items = TrainingSet.Load(parse.GetValue(data)!);
            using var model = new SoundLocalizationModel(ParameterInit.Loaded);
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
                System.Console.Error.WriteLine($"pictures: ImageNet ResNet-18 (average-pooled final map, 224 px); sounds: {(parse.GetValue(audioEncoder) == "spectrum" ? "the time-averaged log spectrum" : "the model's audio tower")}");
            }
            var miner = new NeighbourMiner(model, parse.GetValue(imageSize), new Audio.AudioWindow(10, 5 - (s / 2), 5 + (s / 2)), imageNet, parse.GetValue(audioEncoder) == "spectrum");
            (TorchSharp.torch.Tensor Image, TorchSharp.torch.Tensor Audio) embeddings;
            using (var bar = new ProgressBar("embed", items.Count))
            {
                embeddings = miner.Embed(items, new SynchronousProgress<int>(n => bar.Advance(n)));
            }
            using var pictures = embeddings.Image;
            using var sounds = embeddings.Audio;
            var table = NeighbourMiner.Mine(items, pictures, sounds, parse.GetValue(topK), parse.GetValue(mining)!);
            table.Save(parse.GetValue(output)!);
            if (parse.GetValue(compare))
            {
                foreach (var other in NeighbourMining.All)
                {
                    var q = NeighbourMiner.Mine(items, pictures, sounds, parse.GetValue(topK), other).Quality!;
                    System.Console.WriteLine($"{other,-14} pictures: {q.Image.Describe()} | sounds: {q.Audio.Describe()}");
                }
            }
            System.Console.WriteLine($"wrote neighbours of {items.Count} items (top {Math.Min(parse.GetValue(topK), items.Count - 1)} per modality, {table.Mining} mining) to {parse.GetValue(output)}");
            var quality = table.Quality!;
            System.Console.WriteLine($"pictures: {quality.Image.Describe()}");
            System.Console.WriteLine($"sounds:   {quality.Audio.Describe()}");
            return 0;
        }));
        return command;
    }
}
