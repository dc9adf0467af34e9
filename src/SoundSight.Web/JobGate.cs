namespace SoundSight.Web;

/// <summary>
/// Bounds the work in the process: at most <c>capacity</c> jobs are admitted (running or waiting), and the model
/// runs one job at a time. A job beyond the capacity is refused at once (503 busy) rather than queued without
/// end, so memory stays bounded under any load.
/// </summary>
public sealed class JobGate(int capacity) : IDisposable
{
    private readonly SemaphoreSlim _model = new(1, 1);
    private int _admitted;

    /// <summary>Jobs admitted now (running or waiting).</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    public int Capacity { get; } = capacity;

    /// <summary>Admits a job or throws <see cref="ApiProblem.Busy"/>; dispose the ticket when the job ends.</summary>
    public Ticket Enter()
    {
        if (Interlocked.Increment(ref _admitted) > Capacity)
        {
            Interlocked.Decrement(ref _admitted);
            throw ApiProblem.Busy(Capacity);
        }
        return new Ticket(this);
    }

    /// <summary>Runs model work when the model is free (one job at a time), off the request thread.</summary>
    public async Task<T> RunModelAsync<T>(Func<T> work, CancellationToken cancel)
    {
        await _model.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _model.Release();
        }
    }

    public void Dispose() => _model.Dispose();

    /// <summary>An admitted job; disposing it frees its place.</summary>
    public sealed class Ticket(JobGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref gate._admitted);
            }
        }
    }
}
