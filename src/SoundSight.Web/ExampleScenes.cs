using SoundSight.Data.Compose;

namespace SoundSight.Web;

/// <summary>One example the page offers before any upload: a picture and its sounds, files the server owns.</summary>
public sealed record Example(string Title, string Picture, IReadOnlyList<string> Sounds, IReadOnlyList<string> SoundNames);

/// <summary>
/// The examples that ship: the embedded sample (a drawn scene and a speech clip) and a few two-source test scenes
/// composed from the embedded kit by the library's <see cref="DatasetComposer"/> (IS3 layout, fixed seed), made
/// once into a private temporary folder on first use and removed on shutdown. Clients name an example and a file
/// by index only.
/// </summary>
public sealed class ExampleScenes : IDisposable
{
    private const int TwoSourceScenes = 3;
    private readonly Lazy<IReadOnlyList<Example>> _examples;
    private string? _folder;

    public ExampleScenes(string baseDirectory) => _examples = new(() => Make(baseDirectory), LazyThreadSafetyMode.ExecutionAndPublication);

    public IReadOnlyList<Example> All => _examples.Value;

    public Example Get(int index) =>
        index >= 0 && index < All.Count ? All[index] : throw ApiProblem.NotFound($"no example {index}");

    private List<Example> Make(string baseDirectory)
    {
        var examples = new List<Example>();
        var samples = Path.Combine(baseDirectory, "samples");
        if (File.Exists(Path.Combine(samples, "scene.jpg")) && File.Exists(Path.Combine(samples, "speech.wav")))
        {
            examples.Add(new Example("the sample: a drawn scene and speech", Path.Combine(samples, "scene.jpg"), [Path.Combine(samples, "speech.wav")], ["speech.wav"]));
        }
        var kit = Path.Combine(baseDirectory, "assets", "kit");
        if (Directory.Exists(kit))
        {
            _folder = Directory.CreateTempSubdirectory("soundsight-examples-").FullName;
            var output = Path.Combine(_folder, "scenes");
            var options = new ComposeOptions { TrainScenes = 0, ValidationScenes = 0, TestScenes = TwoSourceScenes, TestSources = 2, Seed = 17, ImageSize = 448, Threads = 1 };
            new DatasetComposer(AssetKit.Load(kit), options).Write(output, overwrite: true);
            var test = Path.Combine(output, DatasetComposer.Folder(SplitName.Test));
            foreach (var scene in Is3Layout.Read(test).GroupBy(e => e.Group))
            {
                var entries = scene.ToList();
                examples.Add(new Example(
                    $"two sources: {string.Join(" and ", entries.Select(e => e.Class))}",
                    Path.Combine(test, entries[0].Image),
                    entries.Select(e => Path.Combine(test, e.Audio)).ToList(),
                    entries.Select(e => $"{e.Class}.wav").ToList()));
            }
        }
        return examples;
    }

    public void Dispose()
    {
        if (_folder is null)
        {
            return;
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner; nothing of the user's is in it.
        }
    }
}
