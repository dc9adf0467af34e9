namespace SoundSight.Data.Compose;

/// <summary>The parts of a composed dataset; the number seeds each part's random streams.</summary>
public enum SplitName
{
    Train = 1,
    Validation = 2,
    Test = 3,

    /// <summary>Interactive scenes laid out as the test split, but playing the validation clips: for model selection.</summary>
    InteractiveValidation = 4,
}
