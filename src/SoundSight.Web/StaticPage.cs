using System.Reflection;

namespace SoundSight.Web;

/// <summary>
/// The page's files, embedded in this assembly (no build step, nothing read from disk): served by their exact
/// names only, with their content types and a policy that keeps the page to its own origin.
/// </summary>
public static class StaticPage
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
    };

    public static void Map(WebApplication app)
    {
        foreach (var (name, type) in Types)
        {
            var bytes = Read(name);
            app.MapGet(name == "index.html" ? "/" : "/" + name, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: data:; style-src 'self'; script-src 'self'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(bytes, type);
            });
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name)
            ?? throw new InvalidOperationException($"the page file {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
