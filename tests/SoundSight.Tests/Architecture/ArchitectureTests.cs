using SoundSight.IO;

namespace SoundSight.Tests.Architecture;

/// <summary>
/// The library's folders stay layered (LayerTable): read from the compiled assembly, no low folder uses a higher
/// one and the folders form no cycle. The planted-edge tests prove the checker fails when they do.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Lazy<IReadOnlyList<NamespaceEdge>> LibraryEdges =
        new(() => AssemblyEdges.Read(typeof(AtomicFile).Assembly.Location));

    [Fact]
    public void NoFolderUsesAHigherLayer()
    {
        var violations = LayerChecker.Violations(LibraryEdges.Value, LayerTable.Layers);
        Assert.True(violations.Count == 0, "Layer violations:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void FoldersFormNoCycle()
    {
        var cycles = LayerChecker.Cycles(LibraryEdges.Value);
        Assert.True(cycles.Count == 0, "Folder cycles:\n" + string.Join("\n", cycles));
    }

    /// <summary>The reader sees real edges: without this a reader that found nothing would pass the tests above.</summary>
    [Fact]
    public void TheReaderSeesKnownEdges()
    {
        var pairs = LibraryEdges.Value.Select(e => (e.From, e.To)).ToHashSet();
        // A signature edge (Localization's types take Models' model) and a body-only edge (Evaluation writes files atomically).
        Assert.Contains(("Localization", "Models"), pairs);
        Assert.Contains(("Evaluation", "IO"), pairs);
        Assert.DoesNotContain(LibraryEdges.Value, e => e.From == e.To);
    }

    [Fact]
    public void APlantedReverseEdgeFails()
    {
        NamespaceEdge[] edges =
        [
            new("Models", "Checkpoints", "SoundSight.Models.M", "SoundSight.Checkpoints.C"),
            new("IO", "Training", "SoundSight.IO.Low", "SoundSight.Training.High"),
        ];
        var violations = LayerChecker.Violations(edges, LayerTable.Layers);
        var line = Assert.Single(violations);
        Assert.Contains("IO (layer 0) -> Training (layer 5)", line, StringComparison.Ordinal);
        Assert.Contains("SoundSight.IO.Low uses SoundSight.Training.High", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutALayerFails()
    {
        NamespaceEdge[] edges = [new("Gadgets", "IO", "SoundSight.Gadgets.G", "SoundSight.IO.AtomicFile")];
        var line = Assert.Single(LayerChecker.Violations(edges, LayerTable.Layers));
        Assert.Contains("folder Gadgets has no layer", line, StringComparison.Ordinal);
    }

    [Fact]
    public void APlantedCycleInsideOneLayerFails()
    {
        NamespaceEdge[] edges =
        [
            new("Audio", "Imaging", "SoundSight.Audio.A", "SoundSight.Imaging.I"),
            new("Imaging", "Maps", "SoundSight.Imaging.I", "SoundSight.Maps.M"),
            new("Maps", "Audio", "SoundSight.Maps.M", "SoundSight.Audio.A"),
            new("Audio", "IO", "SoundSight.Audio.A", "SoundSight.IO.F"),
        ];
        Assert.Empty(LayerChecker.Violations(edges, LayerTable.Layers));
        Assert.Equal(["Audio <-> Imaging <-> Maps"], LayerChecker.Cycles(edges));
    }

    /// <summary>Every folder of the library is placed in the table, so a new folder cannot slip past the layering.</summary>
    [Fact]
    public void EveryFolderHasALayer()
    {
        var folders = typeof(AtomicFile).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith("SoundSight.", StringComparison.Ordinal))
            .Select(ns => ns.Split('.')[1])
            .Distinct()
            .Where(f => LayerTable.LayerOf(f, LayerTable.Layers) is null)
            .ToList();
        Assert.Empty(folders);
    }
}
