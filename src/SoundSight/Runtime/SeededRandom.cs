using System.Diagnostics;

namespace SoundSight.Runtime;

/// <summary>
/// A small, fast, fully specified generator (splitmix64), so that augmentations and data order depend only on
/// (seed, epoch, item, view) and a resumed run draws exactly what an uninterrupted one would.
/// </summary>
public sealed class SeededRandom
{
    private readonly ulong[]? _replay;
    private ulong _state;

    public SeededRandom(params ulong[] keys)
    {
        var s = 0x243F6A8885A308D3UL;
        foreach (var k in keys)
        {
            s = Mix(s ^ k);
        }
        _state = s;
    }

    private SeededRandom(ulong[] replay, bool replaying)
    {
        Debug.Assert(replaying);
        _replay = replay;
    }

    /// <summary>How many values this generator has handed out.</summary>
    public int Drawn { get; private set; }

    /// <summary>
    /// A generator that hands out the given values in order (and fails past their end): the golden tests replay
    /// a stream that the authors' loader consumed, to prove the same draws are made in the same order.
    /// </summary>
    internal static SeededRandom Replay(IEnumerable<ulong> values) => new(values.ToArray(), replaying: true);

    public ulong NextUInt64()
    {
        if (_replay is not null)
        {
            return Drawn < _replay.Length ? _replay[Drawn++] : throw new InvalidOperationException($"the replayed stream of {_replay.Length} values is exhausted");
        }
        Drawn++;
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int Next(int count) => count <= 1 ? 0 : (int)(NextUInt64() % (ulong)count);

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
