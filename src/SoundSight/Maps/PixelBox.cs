namespace SoundSight.Maps;

/// <summary>
/// A box in evaluation-map pixels, [X1, X2) x [Y1, Y2) as the official numpy slice gt[y1:y2, x1:x2] fills it.
/// X1 == X2 or Y1 == Y2 is an empty box (the real AVSBench and VPO files hold some).
/// </summary>
public readonly record struct PixelBox(int X1, int Y1, int X2, int Y2)
{
    public bool IsEmpty => X2 <= X1 || Y2 <= Y1;

    public int Area => IsEmpty ? 0 : (X2 - X1) * (Y2 - Y1);

    public override string ToString() => $"[{X1}, {Y1}, {X2}, {Y2}]";
}
