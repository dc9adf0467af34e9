using System.CommandLine;
using SoundSight.Methods;

namespace SoundSight.Cli.Console;

/// <summary>The --method option of every command that runs a method, and its resolution.</summary>
public static class MethodSetup
{
    public static Option<string> MethodOption()
    {
        var option = new Option<string>("--method")
        {
            Description = $"Which method the checkpoint is: {string.Join("|", MethodRegistry.Names)} (auto: recognised from the checkpoint's keys and container, and its file name where keys cannot tell; docs/methods.md).",
            DefaultValueFactory = _ => MethodRegistry.Auto,
        };
        option.AcceptOnlyFromAmong([.. MethodRegistry.Names]);
        return option;
    }

    public static Option<bool> MomentumOption() => new("--use-mom-eval")
    {
        Description = "SLAVC: maps from the checkpoint's momentum encoders (use_mom_eval; test.py leaves it off).",
    };

    /// <summary>The method and why it was chosen (a checkpoint no method fits is one error line).</summary>
    public static (LocalizationMethod Method, string Reason) Resolve(ParseResult parse, Option<string> method, string? checkpoint) =>
        MethodRegistry.Resolve(parse.GetValue(method), checkpoint);

    public static MethodOptions Options(ParseResult parse, Option<bool> momentum) => new() { UseMomentumEncoders = parse.GetValue(momentum) };
}
