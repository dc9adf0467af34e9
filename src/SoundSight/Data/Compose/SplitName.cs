namespace SoundSight.Data.Compose;

/// <summary>The three parts of a composed dataset; the number seeds each part's random streams.</summary>
public enum SplitName
{
    Train = 1,
    Validation = 2,
    Test = 3,
}
