namespace SoundSight.IO;

/// <summary>
/// A problem with something the user gave us (a file, an option, a checkpoint). The CLI prints
/// <see cref="Exception.Message"/> as one line and exits non-zero, so the message must name the file
/// and say what is wrong with it, never how the code failed. A problem with a setting names it with
/// <see cref="Setting.Mention"/>: the message then reads the setting's name, and a front end that calls it
/// something else (the CLI's flags) writes it its own way with <see cref="Describe"/>.
/// </summary>
public sealed class InputException : Exception
{
    private readonly string _markedPath;
    private readonly string _markedProblem;

    public InputException(string path, string problem, Exception? inner = null)
        : base(SettingText.Plain($"{path}: {problem}"), inner)
    {
        _markedPath = path;
        _markedProblem = problem;
        Path = SettingText.Plain(path);
        Problem = SettingText.Plain(problem);
    }

    /// <summary>The file (or entry, or setting) the problem is in.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, in words a user understands.</summary>
    public string Problem { get; }

    /// <summary>The message with every setting it names written by <paramref name="write"/> (a setting's flag, say).</summary>
    public string Describe(Func<string, string> write) =>
        $"{SettingText.Render(_markedPath, write)}: {SettingText.Render(_markedProblem, write)}";
}
