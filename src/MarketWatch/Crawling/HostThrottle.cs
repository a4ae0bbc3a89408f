namespace MarketWatch.Crawling;

/// <summary>
/// Politeness for one host: at most N requests in flight, a jittered delay between request starts, and
/// Scrapy's AutoThrottle (the delay follows the observed latency divided by the concurrency, never below
/// the configured delay or robots.txt's Crawl-delay, and never lowered by an error response).
/// </summary>
public sealed class HostThrottle
{
    private readonly ResizableLimiter _slots;
    private int _concurrency;
    private double _min, _max;
    private bool _auto;
    private readonly object _gate = new();
    private readonly Random _jitter = new();
    private DateTime _next = DateTime.MinValue;
    private double _delay;

    public HostThrottle(int concurrency, double minDelaySeconds, double maxDelaySeconds, bool autoThrottle)
    {
        _concurrency = Math.Max(1, concurrency);
        _slots = new ResizableLimiter(_concurrency);
        (_min, _max, _auto, _delay) = (minDelaySeconds, Math.Max(minDelaySeconds, maxDelaySeconds), autoThrottle, minDelaySeconds);
    }

    public int Concurrency { get { lock (_gate) return _concurrency; } }

    /// <summary>The settings of the run now using this host; the learned delay is kept within the new bounds.</summary>
    public void Reconfigure(int concurrency, double minDelaySeconds, double maxDelaySeconds, bool autoThrottle)
    {
        lock (_gate)
        {
            _concurrency = Math.Max(1, concurrency);
            (_min, _max, _auto) = (minDelaySeconds, Math.Max(minDelaySeconds, maxDelaySeconds), autoThrottle);
            _delay = autoThrottle ? Math.Clamp(_delay, _min, _max) : _min;
        }
        _slots.Resize(concurrency);
    }

    public double CurrentDelaySeconds { get { lock (_gate) return _delay; } }

    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                var start = _next > now ? _next : now;
                wait = start - now;
                _next = start + TimeSpan.FromSeconds(_delay * (0.5 + _jitter.NextDouble()));   // jitter: 0.5x to 1.5x
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            return new Slot(_slots);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Observe(TimeSpan latency, bool ok)
    {
        if (!_auto) return;
        lock (_gate)
        {
            var next = (_delay + latency.TotalSeconds / _concurrency) / 2;
            if (!ok && next < _delay) return;
            _delay = Math.Clamp(next, _min, _max);
        }
    }

    /// <summary>Nothing starts on this host before now + delay (a Retry-After, a captcha back-off).</summary>
    public void Pause(TimeSpan delay)
    {
        lock (_gate)
        {
            var until = DateTime.UtcNow + delay;
            if (until > _next) _next = until;
        }
    }

    private sealed class Slot(ResizableLimiter slots) : IDisposable
    {
        private int _released;
        public void Dispose() { if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release(); }
    }
}
