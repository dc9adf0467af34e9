using System.Globalization;
using System.Text.RegularExpressions;

namespace SoundSight.Tests.Evaluation;

/// <summary>
/// Compares two reports (CSV, JSON) that should say the same thing: the text between numbers must be equal and
/// every number equal within a relative tolerance. Needed where the two sides ran the encoders at different batch
/// sizes: oneDNN and MLAS pick kernels per shape and per CPU, so maps agree to float rounding, not to the bit.
/// </summary>
internal static partial class NumericText
{
    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();

    public static void AssertClose(string expected, string actual, double tolerance = 1e-4)
    {
        var e = Number().Matches(expected);
        var a = Number().Matches(actual);
        Assert.Equal(Number().Replace(expected, "#"), Number().Replace(actual, "#"));
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++)
        {
            var x = double.Parse(e[i].Value, CultureInfo.InvariantCulture);
            var y = double.Parse(a[i].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x)), $"number {i}: {e[i].Value} vs {a[i].Value}");
        }
    }
}
