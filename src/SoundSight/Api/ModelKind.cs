namespace SoundSight.Api;

/// <summary>Which weights a <see cref="SoundSightModel"/> runs, so a front end can say it plainly.</summary>
public enum ModelKind
{
    /// <summary>A checkpoint the caller named (e.g. the authors' ours_sup.pth.tar, or a run of <c>train</c>).</summary>
    Checkpoint,

    /// <summary>The model <c>./soundsight demo</c> trained and installed as the default.</summary>
    DemoDefault,

    /// <summary>No trained weights: deterministic formula weights, whose maps show the pipeline, not the source.</summary>
    Untrained,
}
