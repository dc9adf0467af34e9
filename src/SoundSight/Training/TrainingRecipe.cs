using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundSight.IO;

namespace SoundSight.Training;

/// <summary>
/// Everything a training run depends on, as data (recipes/*.json, one file per reported setting). Keys are
/// snake_case in files and in `--set key=value` overrides. Defaults are the authors' settings.
/// </summary>
public sealed record TrainingRecipe
{
    /// <summary>alignment (the paper) or ezvsl (the baseline).</summary>
    public string Method { get; init; } = "alignment";

    /// <summary>Manifest (CSV/JSONL) or VGGSound-style folder; relative to the recipe file.</summary>
    public string? Train { get; init; }

    /// <summary>Separate validation manifest; when absent, <see cref="ValidationFraction"/> of the training items.</summary>
    public string? Validation { get; init; }

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Neighbour file from `mine-neighbours`; required when <see cref="NeighbourView"/> is on.</summary>
    public string? Neighbours { get; init; }

    /// <summary>Neighbours drawn uniformly from the top K of the file's lists.</summary>
    public int NeighbourTopK { get; init; } = 10;

    public bool AugmentedView { get; init; } = true;

    public bool NeighbourView { get; init; } = true;

    public int ImageSize { get; init; } = 224;

    /// <summary>Length of the audio window, centred in the 10-s clip (3 s: the official [3.5, 6.5)).</summary>
    public double AudioSeconds { get; init; } = 3.0;

    public int BatchSize { get; init; } = 16;

    /// <summary>Batches hold no class twice where possible (a deviation for data with few classes; needs a class column).</summary>
    public bool DistinctClassesPerBatch { get; init; }

    /// <summary>
    /// Keep the vision encoder as initialised (e.g. ImageNet) and train only the audio encoder and the projection
    /// heads: about a third of the compute on a CPU (a deviation: the paper trains both encoders).
    /// </summary>
    public bool FreezeVision { get; init; }

    /// <summary>
    /// With <see cref="FreezeVision"/>: the vision encoder's last stage (layer4) still learns, with its BatchNorm
    /// statistics kept as initialised, so the frozen ImageNet features can adapt to the data's objects at a fraction
    /// of the cost of training the whole encoder.
    /// </summary>
    public bool TrainVisionLayer4 { get; init; }

    public int Epochs { get; init; } = 80;

    /// <summary>Stop after this many optimiser steps in all (for smoke runs and time budgets).</summary>
    public int? MaxSteps { get; init; }

    public double LearningRate { get; init; } = 1e-4;

    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>
    /// Hand on an exponential moving average of the trained weights with this decay (<see cref="WeightAverage"/>):
    /// validation, best.safetensors and last.safetensors hold the average. Null (the authors'): the weights as the
    /// last step left them.
    /// </summary>
    public double? EmaDecay { get; init; }

    public ulong Seed { get; init; }

    public int? Threads { get; init; }

    /// <summary>Where the model trains: cpu, cuda or cuda:N (CUDA needs a CUDA libtorch, docs/gpu.md).</summary>
    public string Device { get; init; } = Runtime.ComputeDevice.Cpu;

    /// <summary>
    /// Vision encoder's starting weights: "scratch", "imagenet" (the offline ImageNet ResNet-18, docs/imagenet.md)
    /// or the path of a torchvision resnet18 .pth. An <see cref="Init"/> checkpoint, loaded afterwards, overrides it.
    /// </summary>
    public string VisionInit { get; init; } = Models.ImageNet.VisionInitialization.Scratch;

    /// <summary>
    /// Audio encoder's starting weights: "scratch" (the authors') or "imagenet" (a deviation: the offline ImageNet
    /// ResNet-18 with its stem summed over the colour channels; much faster to learn from little data).
    /// </summary>
    public string AudioInit { get; init; } = Models.ImageNet.AudioInitialization.Scratch;

    /// <summary>
    /// The encoders' arithmetic: "fp32" (the authors') or "bf16" (a deviation: convolutions and BatchNorm in
    /// bfloat16, everything else float32; <see cref="Models.EncoderPrecision"/>).
    /// </summary>
    public string Precision { get; init; } = Models.EncoderPrecision.Float32;

    /// <summary>Checkpoint to start from (any SoundSight or authors' checkpoint; missing projection heads allowed).</summary>
    public string? Init { get; init; }

    public bool Symmetric { get; init; }

    /// <summary>The s_A terms of the alignment loss (the authors' `feature` flag, on); false: the s_L-only ablation.</summary>
    public bool SemanticTerms { get; init; } = true;

    /// <summary>
    /// The s_L terms of the alignment loss (on; the authors' code has no switch for them); false: the s_A-only
    /// ablation, which leaves the localization maps untrained except through the shared encoders.
    /// </summary>
    public bool LocalizationTerms { get; init; } = true;

    public bool Intra { get; init; }

    public bool AugIntra { get; init; }

    public int CheckpointEverySteps { get; init; } = 100;

    public int KeepLast { get; init; } = 3;

    /// <summary>Drop unreadable items (reported with their manifest line and counted) instead of stopping.</summary>
    public bool SkipBad { get; init; }

    /// <summary>Decoding workers for the input pipeline (default: cores).</summary>
    public int? Workers { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TrainingRecipe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "recipe not found");
        }
        TrainingRecipe recipe;
        try
        {
            recipe = JsonSerializer.Deserialize<TrainingRecipe>(File.ReadAllText(path), Json) ?? throw new InputException(path, "empty recipe");
        }
        catch (JsonException e)
        {
            throw new InputException(path, $"not a valid recipe: {e.Message}");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(Path.Combine(dir, p));
        return recipe with
        {
            Train = Resolve(recipe.Train),
            Validation = Resolve(recipe.Validation),
            Neighbours = Resolve(recipe.Neighbours),
            Init = Resolve(recipe.Init),
            VisionInit = Models.ImageNet.VisionInitialization.IsKeyword(recipe.VisionInit) ? recipe.VisionInit : Resolve(recipe.VisionInit)!
        };
    }

    /// <summary>Applies `key=value` overrides (snake_case keys, JSON or bare values).</summary>
    public TrainingRecipe With(IEnumerable<string> overrides)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(this, Json))!.AsObject();
        foreach (var o in overrides)
        {
            var eq = o.IndexOf('=');
            if (eq <= 0)
            {
                throw new InputException(Setting.Mention(Setting.RecipeOverrides), $"'{o}' is not key=value");
            }
            var key = o[..eq].Trim();
            var value = o[(eq + 1)..].Trim();
            if (!node.ContainsKey(key))
            {
                throw new InputException(Setting.Mention(Setting.RecipeOverrides), $"unknown recipe key '{key}'");
            }
            System.Text.Json.Nodes.JsonNode? parsed;
            try
            {
                parsed = System.Text.Json.Nodes.JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                parsed = System.Text.Json.Nodes.JsonValue.Create(value);
            }
            node[key] = parsed;
        }
        try
        {
            return JsonSerializer.Deserialize<TrainingRecipe>(node.ToJsonString(), Json)!;
        }
        catch (JsonException e)
        {
            throw new InputException(Setting.Mention(Setting.RecipeOverrides), e.Message);
        }
    }

    public void Validate()
    {
        void Fail(string what) => throw new InputException("recipe", what);
        if (Method is not ("alignment" or "ezvsl"))
        {
            Fail($"method must be alignment or ezvsl, not '{Method}'");
        }
        if (Train is null)
        {
            Fail("'train' (a manifest or folder) is required");
        }
        if (BatchSize < 2)
        {
            Fail("batch_size must be at least 2 (the other items are the negatives)");
        }
        if (ImageSize is < 64 or > 1024)
        {
            Fail("image_size must be in [64, 1024]");
        }
        if (AudioSeconds is <= 0.1 or > 10)
        {
            Fail("audio_seconds must be in (0.1, 10]");
        }
        if (Method == "alignment" && NeighbourView && Neighbours is null)
        {
            Fail("neighbour_view needs 'neighbours' (run `soundsight mine-neighbours`), or set neighbour_view=false");
        }
        if (!SemanticTerms && !LocalizationTerms)
        {
            Fail("semantic_terms and localization_terms are both false: the alignment loss would have no term");
        }
        if (!Runtime.ComputeDevice.IsValid(Device))
        {
            Fail($"device must be cpu, cuda or cuda:N, not '{Device}'");
        }
        if (!Models.EncoderPrecision.IsValid(Precision))
        {
            Fail($"precision must be fp32 or bf16, not '{Precision}'");
        }
        if (!Models.ImageNet.AudioInitialization.IsValid(AudioInit))
        {
            Fail($"audio_init must be scratch or imagenet, not '{AudioInit}'");
        }
        if (TrainVisionLayer4 && !FreezeVision)
        {
            Fail("train_vision_layer4 applies to a frozen vision encoder (freeze_vision=true); without it the whole encoder trains");
        }
        if (EmaDecay is { } decay && decay is not (> 0 and < 1))
        {
            Fail("ema_decay must lie strictly between 0 and 1 (or be null: no weight average)");
        }
        if (Epochs < 1 || LearningRate <= 0 || CheckpointEverySteps < 1 || KeepLast < 1)
        {
            Fail("epochs, learning_rate, checkpoint_every_steps and keep_last must be positive");
        }
    }

    public Audio.AudioWindow AudioWindow => Audio.AudioWindow.Official.Centred(AudioSeconds);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A recipe as <see cref="ToJson"/> wrote it (paths as written, not resolved); null when the text is not one.</summary>
    public static TrainingRecipe? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingRecipe>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Method} {ImageSize}px bs{BatchSize}");
}
