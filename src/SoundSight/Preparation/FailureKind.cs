namespace SoundSight.Preparation;

/// <summary>Why a clip could not be prepared, in the words of the final report.</summary>
public enum FailureKind
{
    NoAudioStream,
    NoVideoStream,
    TooShort,
    CorruptContainer,
    DecodeError,
    DuplicateId,
}

/// <summary>A clip that cannot be prepared, with the reason.</summary>
public sealed class PrepareFailure : Exception
{
    public PrepareFailure(FailureKind kind, string detail)
        : base(detail)
    {
        Kind = kind;
    }

    public FailureKind Kind { get; }

    public static string Label(FailureKind kind) => kind switch
    {
        FailureKind.NoAudioStream => "no audio stream",
        FailureKind.NoVideoStream => "no video stream",
        FailureKind.TooShort => "shorter than the window",
        FailureKind.CorruptContainer => "corrupt container",
        FailureKind.DecodeError => "decode error",
        _ => "duplicate id",
    };
}
