using System.Text.Json.Nodes;

namespace SoundSight.Comparison;

/// <summary>One row of the comparison: a method, what it ran (checkpoint or maps), and its evaluation summary.</summary>
public sealed record ComparedMethod(string Label, string Method, string Title, string Source, JsonObject Summary);
