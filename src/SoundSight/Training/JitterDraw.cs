namespace SoundSight.Training;

/// <summary>One ColorJitter draw: the order of the four operations (0 brightness, 1 contrast, 2 saturation, 3 hue) and their factors.</summary>
internal sealed record JitterDraw(int[] Order, double Brightness, double Contrast, double Saturation, double Hue);
