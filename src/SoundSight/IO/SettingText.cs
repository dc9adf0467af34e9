using System.Text.RegularExpressions;

namespace SoundSight.IO;

/// <summary>
/// Text with settings marked in it (<see cref="Setting.Mention"/>). The marks are two characters no message or
/// path of ours contains, so rendering only ever replaces what was marked, never a word that happens to equal a
/// setting's name ("batch", "method").
/// </summary>
public static partial class SettingText
{
    private const char Open = '\u27EA';
    private const char Close = '\u27EB';

    /// <summary><paramref name="setting"/> marked.</summary>
    public static string Mark(string setting) => $"{Open}{setting}{Close}";

    /// <summary>The text with each marked setting written as <paramref name="write"/> gives it.</summary>
    public static string Render(string text, Func<string, string> write) =>
        text.Contains(Open) ? Marked().Replace(text, m => write(m.Groups[1].Value)) : text;

    /// <summary>The text with each setting written by its name: what library users read.</summary>
    public static string Plain(string text) => Render(text, s => s);

    [GeneratedRegex("\u27EA([a-z0-9_]+)\u27EB")]
    private static partial Regex Marked();
}
