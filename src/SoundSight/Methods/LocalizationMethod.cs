using SoundSight.Checkpoints;
using SoundSight.Evaluation;
using SoundSight.IO;
using SoundSight.Localization;
using SoundSight.Maps;
using static TorchSharp.torch;
using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Metrics;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Methods;

/// <summary>
/// One sound-localization method of the paper's comparison, as the authors' test.py runs it: its architecture,
/// checkpoint container and key rules, audio and image front ends, map rule, and per benchmark the upsampling and
/// normalisation of its maps and of OGL's object saliency. Each method lives in its own folder under Methods/;
/// <see cref="MethodRegistry"/> finds every subclass, so adding a method touches that folder only
/// (docs/methods.md).
/// </summary>
public abstract class LocalizationMethod
{
    private readonly Lazy<Dictionary<string, long[]>> _expected;

    protected LocalizationMethod()
    {
        // The model's keys and shapes, found once (building a model allocates its weights).
        _expected = new Lazy<Dictionary<string, long[]>>(() =>
        {
            using var model = CreateModel(new MethodOptions());
            return ExpectedShapes(model);
        });
    }

    /// <summary>The --method name (test.py dispatches on this word in the checkpoint's file name).</summary>
    public abstract string Name { get; }

    /// <summary>The name in tables and reports.</summary>
    public abstract string Title { get; }

    /// <summary>Position in tables (the paper's order).</summary>
    public abstract int Order { get; }

    /// <summary>
    /// When several methods fit a checkpoint's keys and its file name names none of them, the most specific wins:
    /// the highest value (strict loaders over lenient ones; EZ-VSL over MarginNCE and FNAC, whose checkpoints have
    /// the same keys).
    /// </summary>
    public virtual int Specificity => 0;

    /// <summary>Words of the file name that select this method in test.py (its `in args.pth_name` tests).</summary>
    public virtual IReadOnlyList<string> FileNameWords => [Name];

    /// <summary>Whether the method has a model with weights (HTF has only precomputed maps).</summary>
    public virtual bool HasModel => true;

    /// <summary>Whether the method has global picture and sound embeddings (for `retrieve`).</summary>
    public virtual bool HasGlobalEmbeddings => false;

    /// <summary>How the official loader reads this method's checkpoints.</summary>
    public abstract KeyRules Keys { get; }

    /// <summary>How the method's validator reads a saved map (folder, entry); null: the general saved-map reader.</summary>
    public virtual Func<string, BenchmarkEntry, PredictionMap>? SavedMapReader => null;

    /// <summary>How maps are upsampled and normalised on <paramref name="preset"/> (null: outside a benchmark).</summary>
    public abstract MapRules Rules(BenchmarkPreset? preset);

    /// <summary>
    /// Seconds of each sound the method's audio front end hears with these options, so a front end (the page of
    /// serve) can say it: the authors' window (3 s of the 10-s clip) unless the method reads the sound its own way.
    /// </summary>
    public virtual double SecondsHeard(LocalizerOptions options) => options.Window.EndSeconds - options.Window.StartSeconds;

    /// <summary>The localizer options this method runs with on a benchmark, from the caller's general ones.</summary>
    public virtual LocalizerOptions Configure(LocalizerOptions options, BenchmarkPreset? preset) =>
        options with { Upsample = Rules(preset).Upsample };

    /// <summary>A new model of this method, weights uninitialised (caller disposes).</summary>
    public abstract nn.Module CreateModel(MethodOptions options);

    /// <summary>
    /// A localizer running this method's checkpoint (or, for methods without a model, an error: their maps are
    /// read as predictions). The checkpoint must fit <see cref="Keys"/>: otherwise one line naming the file and the
    /// problem (and the method it looks like, when another fits).
    /// </summary>
    public abstract IPairLocalizer Open(string checkpoint, LocalizerOptions options, MethodOptions methodOptions, out CheckpointReport report);

    /// <summary>A localizer on a model whose weights the caller set (tests, untrained formula weights).</summary>
    public abstract IPairLocalizer Wrap(nn.Module model, LocalizerOptions options, bool ownsModel = true);

    /// <summary>How well <paramref name="contents"/> fits this method (its model's keys and shapes, and <see cref="Keys"/>).</summary>
    public MethodFit Fit(CheckpointContents contents) => Fit(contents, new Dictionary<string, long[]>(_expected.Value, StringComparer.Ordinal));

    /// <summary>The model's state_dict names and shapes.</summary>
    protected static Dictionary<string, long[]> ExpectedShapes(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);

    private MethodFit Fit(CheckpointContents contents, Dictionary<string, long[]> expected)
    {
        var rules = Keys;
        foreach (var (name, shape) in rules.ExtraRequired)
        {
            expected[name] = shape;
        }
        var missing = new List<string>();
        var wrong = new List<string>();
        var matched = 0;
        foreach (var (name, shape) in expected)
        {
            if (!contents.Shapes.TryGetValue(name, out var actual))
            {
                if (!rules.OptionalPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                {
                    missing.Add(name);
                }
            }
            else if (!actual.SequenceEqual(shape))
            {
                wrong.Add($"{name} [{string.Join(", ", actual)}], expected [{string.Join(", ", shape)}]");
            }
            else
            {
                matched++;
            }
        }
        var unexpected = contents.Shapes.Keys
            .Where(k => (!rules.IgnoresExtraKeys && !expected.ContainsKey(k)) || rules.AbsentPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)))
            .OrderBy(k => k, StringComparer.Ordinal).ToList();
        string? container = null;
        if (!rules.Containers.Contains(contents.Container))
        {
            var accepted = string.Join(" or ", rules.Containers.Select(c => c is null ? "a top-level state_dict" : $"'{c}'"));
            container = $"weights in {contents.ContainerPhrase}, {Name} keeps them in {accepted}";
        }
        else if (rules.ModulePrefix == ModulePrefixRule.Required && !contents.ModulePrefix)
        {
            container = $"keys without the 'module.' prefix {Name}'s DataParallel checkpoints have";
        }
        return new MethodFit(this, matched, missing, unexpected, wrong, container);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="model"/> once it fits this method; otherwise one line naming the
    /// file, what does not fit, and the method it looks like when another one fits.
    /// </summary>
    protected CheckpointReport LoadChecked(nn.Module model, string path)
    {
        var (format, container, tensors) = CheckpointLoader.Read(path);
        try
        {
            var contents = CheckpointContents.Of(path, format, container, tensors);
            var fit = Fit(contents, ExpectedShapes(model));
            if (!fit.Fits)
            {
                var other = MethodRegistry.Recognise(contents).Chosen;
                var hint = other is not null && other.Name != Name ? $"; it is a {other.Title} checkpoint ({Setting.Mention(Setting.Method)} {other.Name})" : "";
                throw new InputException(path, $"not a {Title} checkpoint: {fit.Problem()}{hint}");
            }
            return CheckpointLoader.Assign(model, path, format, container, tensors, Keys.OptionalPrefixes.ToList());
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    public override string ToString() => Name;
}
