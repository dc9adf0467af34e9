namespace SoundSight.Tests.Architecture;

/// <summary>
/// The one place the library's layering is written down (docs/architecture.md explains it). Lowest layer first; a
/// folder of SoundSight (namespace SoundSight.&lt;Folder&gt;) may use folders of its own layer or of lower layers,
/// never a higher one, so the low folders can be read, tested and reused without the ones built on them.
/// </summary>
public static class LayerTable
{
    public static readonly IReadOnlyList<IReadOnlyList<string>> Layers =
    [
        // Plain files, the protocol's constants, the process: no knowledge of sound or pictures.
        ["Protocol", "IO", "Runtime"],
        // Signals and maps as arrays: decoding, resizing, spectrograms, map upsampling and colormaps.
        ["Maps", "Imaging", "Audio"],
        // Containers (ffmpeg) decoded into Audio's and Imaging's types; charts and fonts drawn from plain numbers.
        ["Media", "Rendering"],
        // Weights on disk and the networks that hold them.
        ["Checkpoints", "Models"],
        // Running a model on a pair; the training data sets.
        ["Localization", "Data"],
        // What is built on localization: benchmarks and their metrics and reports, training, retrieval, data
        // preparation, the methods of the comparison (which read benchmark entries and saved maps).
        ["Retrieval", "Evaluation.Benchmarks", "Evaluation.Metrics", "Evaluation.Reports", "Training", "Preparation", "Methods"],
        // Scoring a method on a benchmark (the evaluation API, which runs the methods) and comparing methods.
        ["Evaluation", "Comparison"],
        // Whole programs: studies, the demo, the public API and its package.
        ["Study", "Demo", "Api", "Package"],
    ];

    /// <summary>Folders whose subfolders (namespace SoundSight.&lt;Folder&gt;.&lt;Sub&gt;) are placed on their own.</summary>
    public static readonly IReadOnlyList<string> Subdivided = ["Evaluation"];

    /// <summary>The layer index of <paramref name="folder"/>, or null when the table does not name it.</summary>
    public static int? LayerOf(string folder, IReadOnlyList<IReadOnlyList<string>> layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Contains(folder, StringComparer.Ordinal))
            {
                return i;
            }
        }
        return null;
    }
}
