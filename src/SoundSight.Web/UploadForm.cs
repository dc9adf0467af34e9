using Microsoft.AspNetCore.Http.Features;
using SoundSight.Maps;

namespace SoundSight.Web;

/// <summary>Reads a multipart request within the upload limit, and its plain fields.</summary>
public static class UploadForm
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, ServeOptions limits, CancellationToken cancel)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw ApiProblem.WrongType("send multipart/form-data (curl -F image=@picture.jpg -F audio=@sound.wav)");
        }
        if (request.ContentLength > limits.MaxUploadBytes)
        {
            throw TooLarge(limits);
        }
        try
        {
            return await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = limits.MaxUploadBytes,
                ValueCountLimit = 64,
                ValueLengthLimit = 1024,
                MultipartHeadersLengthLimit = 16 * 1024,
            }, cancel).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // The form reader says "... limit ... exceeded" for a body or value over its limit; anything else is
            // a broken multipart body.
            throw e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(limits)
                : ApiProblem.BadRequest("the multipart body could not be read");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits);
        }
    }

    /// <summary>The <c>upsample</c> field: align-corners (default) or half-pixel.</summary>
    public static UpsampleMode Upsample(IFormCollection form, UpsampleMode fallback) => form["upsample"].ToString() switch
    {
        "" => fallback,
        "align-corners" => UpsampleMode.AlignCorners,
        "half-pixel" => UpsampleMode.HalfPixel,
        var other => throw ApiProblem.BadRequest($"upsample '{Clip(other)}': give align-corners or half-pixel"),
    };

    public static string Name(UpsampleMode mode) => mode == UpsampleMode.HalfPixel ? "half-pixel" : "align-corners";

    /// <summary>A number field within bounds, or the default when absent.</summary>
    public static double Number(IFormCollection form, string field, double fallback, double min, double max)
    {
        var text = form[field].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw ApiProblem.BadRequest($"{field} '{Clip(text)}': give a number from {min} to {max}");
        }
        return value;
    }

    private static ApiProblem TooLarge(ServeOptions limits) =>
        ApiProblem.TooLarge($"the upload is larger than this server takes ({limits.MaxUploadBytes / (1024.0 * 1024):0.#} MB in all)");

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
