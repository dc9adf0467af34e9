namespace SoundSight.Web;

/// <summary>
/// A request the server refuses: an HTTP status, a short machine code ("busy", "too-large", "wrong-type",
/// "corrupt", "too-long", "unsupported", "bad-request") and one human sentence. The API answers it as JSON; the page shows the
/// sentence.
/// </summary>
public sealed class ApiProblem(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ApiProblem Busy(int jobs) => new(StatusCodes.Status503ServiceUnavailable, "busy",
        $"busy: {jobs} job(s) are already running or waiting; try again in a few seconds");

    public static ApiProblem TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "too-large", message);

    public static ApiProblem WrongType(string message) => new(StatusCodes.Status415UnsupportedMediaType, "wrong-type", message);

    public static ApiProblem Corrupt(string message) => new(StatusCodes.Status422UnprocessableEntity, "corrupt", message);

    public static ApiProblem TooLong(string message) => new(StatusCodes.Status422UnprocessableEntity, "too-long", message);

    /// <summary>Input this server's method cannot take (e.g. a video for a method without a video mode).</summary>
    public static ApiProblem Unsupported(string message) => new(StatusCodes.Status422UnprocessableEntity, "unsupported", message);

    public static ApiProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, "bad-request", message);

    public static ApiProblem NotFound(string message) => new(StatusCodes.Status404NotFound, "not-found", message);
}
