using MarketWatch.Crawling.Stages;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MarketWatch.Crawling;

/// <summary>
/// The resilience around every fetch of one marketplace's run (Polly): retries with exponential backoff and
/// jitter on timeouts, network errors, 5xx and 429 (a Retry-After is honoured, and paused host-wide), and a
/// circuit breaker that stops the marketplace's run when most of its recent pages failed. Each retry and the
/// breaker's opening are counted on the page being fetched and recorded as crawl events.
/// </summary>
public static class FetchPolicy
{
    /// <summary>The page (and URL) a fetch is for, carried in Polly's context to the callbacks.</summary>
    public static readonly ResiliencePropertyKey<(PageContext Page, string Url)> Scope = new("marketwatch.fetch");

    public static ResiliencePipeline<FetchedPage> Build(CrawlOptions options)
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
                OnOpened = async args =>
                {
                    if (!args.Context.Properties.TryGetValue(Scope, out var scope)) return;
                    scope.Page.Tally.BreakerOpenings++;
                    await scope.Page.EventAsync(CrawlEventKind.BreakerOpen, $"circuit breaker opened: {Describe(args.Outcome)}", scope.Url);
                },
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
                    var failed = args.Outcome.Result;
                    var retryAfter = failed?.RetryAfter is { } after && after.TotalSeconds <= options.RetryAfterMaxSeconds ? after : (TimeSpan?)null;
                    if (args.Context.Properties.TryGetValue(Scope, out var scope))
                    {
                        scope.Page.Tally.Retries++;
                        if (retryAfter is { } pause) scope.Page.Run.Throttle?.Pause(pause);
                        await scope.Page.EventAsync(retryAfter is null ? CrawlEventKind.Retry : CrawlEventKind.RetryAfter,
                            $"{Describe(args.Outcome)}; retry {args.AttemptNumber + 1} of {options.RetryAttempts} in {args.RetryDelay.TotalSeconds:0.0} s",
                            scope.Url, args.RetryDelay.TotalSeconds);
                    }
                    if (failed is not null) await failed.DisposeAsync();   // give the tab back before waiting
                },
            })
            .Build();
    }

    private static string Describe(Outcome<FetchedPage> outcome) =>
        outcome.Exception?.Message ?? (outcome.Result is { } r ? $"HTTP {r.Status} from {r.RequestedUrl}" : "failed");

    public static bool IsOpenBreaker(Exception e) => e is BrokenCircuitException;
}
