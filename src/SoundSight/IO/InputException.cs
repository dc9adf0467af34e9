namespace SoundSight.IO;

/// <summary>
/// A problem with something the user gave us (a file, an option, a checkpoint). The CLI prints
/// <see cref="Exception.Message"/> as one line and exits non-zero, so the message must name the file
/// and say what is wrong with it, never how the code failed.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file (or entry) the problem is in.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, in words a user understands.</summary>
    public string Problem { get; }
}
