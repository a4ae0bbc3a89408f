using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MarketWatch.Crawling;

/// <summary>
/// The resilience around every fetch of one marketplace's run (Polly): retries with exponential backoff and
/// jitter on timeouts, network errors, 5xx and 429 (a Retry-After is honoured, and paused host-wide), and a
/// circuit breaker that stops the marketplace's run when most of its recent pages failed.
/// </summary>
public static class FetchPolicy
{
    public static ResiliencePipeline<FetchedPage> Build(CrawlOptions options, RunStats stats, Func<HostThrottle?> throttle)
    {
        var transient = new PredicateBuilder<FetchedPage>()
            .Handle<FetchException>(e => e.Transient)
            .Handle<TimeoutException>()
            .HandleResult(page => page.IsTransientError);
        var builder = new ResiliencePipelineBuilder<FetchedPage>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<FetchedPage>
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = Math.Max(2, options.BreakerFailures),
                SamplingDuration = TimeSpan.FromMinutes(10),
                BreakDuration = TimeSpan.FromMinutes(30),   // longer than a run: an open breaker ends this marketplace's run
                OnOpened = _ => { Interlocked.Increment(ref stats.BreakerOpenings); return ValueTask.CompletedTask; },
            });
        if (options.RetryAttempts == 0) return builder.Build();   // Polly needs at least one attempt to configure a retry
        return builder.AddRetry(new RetryStrategyOptions<FetchedPage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.BackoffBaseSeconds),
                MaxDelay = TimeSpan.FromSeconds(options.BackoffMaxSeconds),
                // RFC 9110 10.2.3: a 429 or 503 that says when to come back is waited out, not guessed at.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after && after.TotalSeconds <= options.RetryAfterMaxSeconds
                    ? (TimeSpan?)after : null),
                OnRetry = async args =>
                {
                    Interlocked.Increment(ref stats.Retries);
                    if (args.Outcome.Result is { } failed)
                    {
                        if (failed.RetryAfter is { } after) throttle()?.Pause(after);
                        await failed.DisposeAsync();   // give the tab back before waiting
                    }
                },
            })
            .Build();
    }

    public static bool IsOpenBreaker(Exception e) => e is BrokenCircuitException;
}

/// <summary>Counters a run keeps while pages are fetched in parallel; written to the run row as they change.</summary>
public sealed class RunStats
{
    public int Retries;
    public int BreakerOpenings;
    public int BlockedBackoffs;
    public int DetailPages;
    public int Suspicious;
    public int RobotsDisallowed;
}
