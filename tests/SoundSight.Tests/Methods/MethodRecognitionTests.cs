using SoundSight.IO;
using SoundSight.Methods;
using SoundSight.Methods.EzVsl;
using SoundSight.Methods.Slavc;
using SoundSight.Models;
using static TorchSharp.torch;

namespace SoundSight.Tests.Methods;

/// <summary>
/// The registry and `auto`: every method's checkpoint layout (container, 'module.' keys, its model's keys and
/// shapes) is recognised as that method; a checkpoint no method fits names the closest method and the keys that do
/// not fit; a method forced on another's checkpoint names the file and the problem. The partial checkpoints are
/// torch.save'd by tools/golden/method_fixtures.py in each method's official container.
/// </summary>
public sealed class MethodRecognitionTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Methods", name);

    private static Dictionary<string, long[]> Shapes(nn.Module model, params string[] extra)
    {
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        foreach (var key in extra)
        {
            shapes[key] = [1];
        }
        return shapes;
    }

    private static CheckpointContents Contents(string file, string? container, bool prefix, Dictionary<string, long[]> shapes) =>
        CheckpointContents.Describe(file, "pytorch", container, prefix, shapes);

    [Fact]
    public void EveryMethodIsInTheRegistryInThePapersOrder()
    {
        Assert.Equal(["auto", "lvs", "ssltie", "ezvsl", "margin", "slavc", "fnac", "htf", "ours"], MethodRegistry.Names);
    }

    [Fact]
    public void EachLayoutIsRecognisedAsItsMethod()
    {
        using var avenet = new SoundLocalizationModel();
        var withHeads = Shapes(avenet);
        var bare = withHeads.Where(kv => !kv.Key.StartsWith("img_proj.", StringComparison.Ordinal) && !kv.Key.StartsWith("aud_proj.", StringComparison.Ordinal)).ToDictionary();
        using var ezvsl = new EzVslNetwork();
        using var slavc = new SlavcNetwork();
        var ssltie = new Dictionary<string, long[]>(bare)
        {
            ["vision_fc1.weight"] = [512, 1024, 1, 1],
            ["vision_fc1.bias"] = [512],
            ["conv3.weight"] = [1, 1, 1, 1],
            ["conv3.bias"] = [1],
            ["norm3.weight"] = [1],
            ["norm3.bias"] = [1],
            ["norm3.running_mean"] = [1],
            ["norm3.running_var"] = [1],
            ["norm3.num_batches_tracked"] = [],
        };
        var training = new Dictionary<string, long[]>(withHeads) { ["vision_fc1.weight"] = [512, 1024, 1, 1] };

        Assert.Equal("ours", Recognise("ours_sup.pth.tar", "model_state_dict", false, training));
        Assert.Equal("ours", Recognise("trained.safetensors", null, false, withHeads));
        Assert.Equal("lvs", Recognise("lvs_vggss.pth", "model_state_dict", true, bare));
        Assert.Equal("ssltie", Recognise("ssltie_vggss.pth", "state_dict", false, ssltie));
        Assert.Equal("ezvsl", Recognise("ezvsl_vggss.pth", "model", true, Shapes(ezvsl)));
        Assert.Equal("ezvsl", Recognise("checkpoint.pth", "model", true, Shapes(ezvsl)));
        Assert.Equal("margin", Recognise("margin_flickr.pth", "model", true, Shapes(ezvsl)));
        Assert.Equal("fnac", Recognise("fnac_vggss.pth", "model", true, Shapes(ezvsl)));
        Assert.Equal("slavc", Recognise("best.pth", "model", true, Shapes(slavc)));
    }

    private static string Recognise(string file, string? container, bool prefix, Dictionary<string, long[]> shapes)
    {
        var recognition = MethodRegistry.Recognise(Contents(file, container, prefix, shapes));
        Assert.True(recognition.Chosen is not null, recognition.Reason);
        return recognition.Chosen.Name;
    }

    [Theory]
    [InlineData("ezvsl_partial.pth", "closest is ezvsl")]
    [InlineData("slavc_partial.pth", "closest is slavc")]
    [InlineData("ssltie_partial.pth", "closest is ssltie")]
    public void PartialCheckpointsNameTheClosestMethodAndTheMissingKeys(string file, string closest)
    {
        var e = Assert.Throws<InputException>(() => MethodRegistry.Resolve("auto", Fixture(file)));
        Assert.Contains(file, e.Message);
        Assert.Contains("fits no method", e.Message);
        Assert.Contains(closest, e.Message);
        Assert.Contains("checkpoint lacks", e.Message);
    }

    [Fact]
    public void AnotherMethodsLayoutDoesNotFitAndSaysWhatItIs()
    {
        using var ezvsl = new EzVslNetwork();
        var contents = Contents("ezvsl_vggss.pth", "model", true, Shapes(ezvsl));
        var slavc = MethodRegistry.Get("slavc").Fit(contents);
        Assert.False(slavc.Fits);
        Assert.Contains("checkpoint lacks img_proj1", slavc.Problem());
        Assert.Contains("it does not have (aud_proj.bias", slavc.Problem());
        var ours = MethodRegistry.Get("ours").Fit(contents);
        Assert.Contains("lacks imgnet.conv1_a.weight", ours.Problem());
        Assert.Contains("audnet.conv1.weight [64, 1, 7, 7], expected [64, 3, 7, 7]", ours.Problem());
        var lvs = MethodRegistry.Get("lvs").Fit(Contents("x.pth", "model_state_dict", false, Shapes(new SoundLocalizationModel())));
        Assert.Contains("'module.' prefix", lvs.Problem());
        Assert.Contains("img_proj.bias", lvs.Problem());
    }

    [Fact]
    public void UnknownMethodAndFoldersOfMaps()
    {
        var e = Assert.Throws<InputException>(() => MethodRegistry.Get("vggsound"));
        Assert.Contains("unknown method 'vggsound'", e.Message);
        Assert.Equal("htf", MethodRegistry.Resolve("auto", AppContext.BaseDirectory).Method.Name);
    }
}
