using SoundSight.IO;

namespace SoundSight.Cli.Console;

/// <summary>
/// Runs a command body so that the user sees one clear line for bad input (exit 2) and for failures we did not
/// foresee (exit 1, with the stack trace only when SOUNDSIGHT_DEBUG=1), never a raw stack trace.
/// </summary>
public static class CommandRunner
{
    public const int InputError = 2;
    public const int InternalError = 1;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException e)
        {
            System.Console.Error.WriteLine($"error: {SettingFlags.Describe(e)}");
            return InputError;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            // A bad file met inside a parallel loop is still the user's input, not a bug.
            System.Console.Error.WriteLine($"error: {SettingFlags.Describe(input)}");
            return InputError;
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            System.Console.Error.WriteLine($"internal error: {e.GetType().Name}: {FirstLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("SOUNDSIGHT_DEBUG") == "1")
            {
                System.Console.Error.WriteLine(e);
            }
            else
            {
                System.Console.Error.WriteLine("  (set SOUNDSIGHT_DEBUG=1 for details, and please report it)");
            }
            return InternalError;
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
