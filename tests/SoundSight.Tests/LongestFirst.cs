using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SoundSight.Tests.LongestFirstOrderer", "SoundSight.Tests")]

namespace SoundSight.Tests;

/// <summary>
/// Marks a test class that takes long: xunit starts it before the others (<see cref="LongestFirstOrderer"/>).
/// </summary>
/// <param name="seconds">About how long the class took under the suite's load on this project's 2-core machine.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the test classes marked <see cref="RunsLongAttribute"/> first, longest first, then the rest in xunit's
/// order. Two classes run at a time on two cores; a long class that happened to start last ran alone at the end
/// (the quick demo, about a minute), leaving a core idle.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var collections = testCollections.ToList();
        return collections
            .Select((collection, index) => (collection, index, seconds: Seconds(collection)))
            .OrderByDescending(c => c.seconds)
            .ThenBy(c => c.index)
            .Select(c => c.collection);
    }

    /// <summary>The marked seconds of the collection's class (a class is its own collection here), else 0.</summary>
    private static int Seconds(ITestCollection collection)
    {
        const string prefix = "Test collection for ";
        if (!collection.DisplayName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }
        var type = typeof(LongestFirstOrderer).Assembly.GetType(collection.DisplayName[prefix.Length..]);
        return type?.GetCustomAttributes(typeof(RunsLongAttribute), inherit: false).Cast<RunsLongAttribute>().FirstOrDefault()?.Seconds ?? 0;
    }
}
