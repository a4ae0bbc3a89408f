namespace MarketWatch.Crawling;

/// <summary>
/// At most Limit holders at once, and the limit can change while holders and waiters exist. The host
/// throttles and tab pools live as long as the process, but each run brings its own politeness settings:
/// a SemaphoreSlim would keep the first run's size for good (a run with concurrency 4 after one with 1
/// would silently crawl one page at a time).
/// </summary>
public sealed class ResizableLimiter(int limit)
{
    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _limit = Math.Max(1, limit);
    private int _held;

    public int Limit { get { lock (_gate) return _limit; } }

    public async Task WaitAsync(CancellationToken ct)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_held < _limit && _waiters.Count == 0)
            {
                _held++;
                return;
            }
            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        try
        {
            await node.Value.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            bool granted;
            lock (_gate)
            {
                granted = node.List is null;   // handed a slot just as the wait was cancelled
                if (!granted) _waiters.Remove(node);
            }
            if (granted) Release();
            throw;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _held--;
            GrantWhileRoom();
        }
    }

    /// <summary>A smaller limit takes effect as holders release; a larger one wakes waiters at once.</summary>
    public void Resize(int limit)
    {
        lock (_gate)
        {
            _limit = Math.Max(1, limit);
            GrantWhileRoom();
        }
    }

    private void GrantWhileRoom()
    {
        while (_held < _limit && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _held++;
            first.Value.SetResult();
        }
    }
}
