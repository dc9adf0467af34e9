using SoundSight.Training;

namespace SoundSight.Demo;

/// <summary>
/// Shows a training run as one stage of a demo or study: a step advances the bar by one with the loss and rate,
/// a note is printed, and a resumed run's bar starts where its checkpoint stood (only that note moves the bar:
/// the validation note carries the step too).
/// </summary>
public sealed class TrainingStageObserver(IDemoObserver observer) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Message is not null)
        {
            if (value.Resumed && value.Step > 0)
            {
                observer.Advance(value.Step);
            }
            observer.Note(value.Message);
            return;
        }
        observer.Advance(1, FormattableString.Invariant($"loss {value.Loss:0.000}, {value.PairsPerSecond:0.0} pairs/s"));
    }
}
