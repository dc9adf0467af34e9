using SoundSight.Models;

namespace SoundSight.Tests.Models;

/// <summary>One model with the formula weights of tools/golden/model_fixtures.py, shared by the tests (it is slow to build).</summary>
public sealed class GoldenModel : IDisposable
{
    public const ulong Seed = 20261124;

    public GoldenModel()
    {
        Model = new SoundLocalizationModel(ParameterInit.Loaded);
        DeterministicWeights.Apply(Model, Seed);
        Model.eval();
    }

    public SoundLocalizationModel Model { get; }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models", name);

    public void Dispose() => Model.Dispose();
}
