using System.CommandLine;
using SoundSight.Checkpoints;
using SoundSight.Cli.Console;
using SoundSight.IO;
using SoundSight.Models;

namespace SoundSight.Cli.Commands;

/// <summary>`export`: a model as PyTorch .pth or safetensors with the official key names.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A model file, or a run folder (its best.safetensors).", Required = true };
        var output = new Option<string>("--out") { Description = "model.pth (PyTorch, {'model_state_dict': ...}) or model.safetensors.", Required = true };
        var command = new Command("export", "Write a model with the official state_dict keys, for PyTorch or safetensors users.") { checkpoint, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var source = parse.GetValue(checkpoint)!;
            if (Directory.Exists(source))
            {
                var best = Path.Combine(source, "best.safetensors");
                source = File.Exists(best) ? best : Path.Combine(source, "last.safetensors");
                if (!File.Exists(source))
                {
                    throw new InputException(parse.GetValue(checkpoint)!, "run folder has no best.safetensors or last.safetensors");
                }
            }
            using var model = new SoundLocalizationModel(ParameterInit.Loaded);
            var report = CheckpointLoader.Load(model, source, SoundLocalizationModel.ProjectionPrefixes);
            CheckpointWriter.Save(model, parse.GetValue(output)!, includeProjections: report.HasProjections);
            System.Console.WriteLine($"wrote {parse.GetValue(output)} ({report.LoadedTensors} tensors)");
            return 0;
        }));
        return command;
    }
}
