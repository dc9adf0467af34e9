namespace SoundSight.Tests.Architecture;

/// <summary>
/// One use of a type in folder <paramref name="To"/> by a type in folder <paramref name="From"/> (folders are the
/// namespace segment after "SoundSight."); the two type names are kept so a failure says where to look.
/// </summary>
public sealed record NamespaceEdge(string From, string To, string FromType, string ToType);
