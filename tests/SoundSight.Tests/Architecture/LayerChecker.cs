namespace SoundSight.Tests.Architecture;

/// <summary>
/// Judges folder edges against a layer table. It takes plain edges (not an assembly) so the same rule can be run on
/// the real library and on a planted edge list that must fail.
/// </summary>
public static class LayerChecker
{
    /// <summary>
    /// One line per folder edge that runs from a lower layer to a higher one, or touches a folder the table does not
    /// name (a new folder must be placed before it is used), with one example of the types involved.
    /// </summary>
    public static IReadOnlyList<string> Violations(IEnumerable<NamespaceEdge> edges, IReadOnlyList<IReadOnlyList<string>> layers)
    {
        var lines = new List<string>();
        foreach (var group in edges.Where(e => e.From != e.To).GroupBy(e => (e.From, e.To)).OrderBy(g => g.Key.From).ThenBy(g => g.Key.To))
        {
            var (from, to) = group.Key;
            var fromLayer = LayerTable.LayerOf(from, layers);
            var toLayer = LayerTable.LayerOf(to, layers);
            var example = group.OrderBy(e => e.FromType, StringComparer.Ordinal).ThenBy(e => e.ToType, StringComparer.Ordinal).First();
            var where = $"{example.FromType} uses {example.ToType}, {group.Count()} use(s) in all";
            if (fromLayer is null || toLayer is null)
            {
                var missing = fromLayer is null ? from : to;
                lines.Add($"{from} -> {to}: folder {missing} has no layer in the table ({where})");
            }
            else if (fromLayer < toLayer)
            {
                lines.Add($"{from} (layer {fromLayer}) -> {to} (layer {toLayer}): a lower layer uses a higher one ({where})");
            }
        }
        return lines;
    }

    /// <summary>
    /// Folder cycles (strongly connected sets of two or more folders), each as its sorted folder names. Layers allow
    /// edges both ways inside one layer; this keeps the folder graph itself acyclic too.
    /// </summary>
    public static IReadOnlyList<string> Cycles(IEnumerable<NamespaceEdge> edges)
    {
        var next = edges.Where(e => e.From != e.To)
            .GroupBy(e => e.From)
            .ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToList());
        var folders = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        // A folder is in a cycle with every folder that reaches it and that it reaches.
        var reach = folders.ToDictionary(f => f, f => Reachable(f, next));
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var members = folders.Where(other => other == folder
                ? reach[folder].Contains(folder)
                : reach[folder].Contains(other) && reach[other].Contains(folder)).ToList();
            if (members.Count > 1)
            {
                cycles.Add(string.Join(" <-> ", members));
            }
        }
        return [.. cycles];
    }

    private static HashSet<string> Reachable(string start, Dictionary<string, List<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            if (!next.TryGetValue(stack.Pop(), out var targets))
            {
                continue;
            }
            foreach (var target in targets.Where(seen.Add))
            {
                stack.Push(target);
            }
        }
        return seen;
    }
}
