namespace MarketWatch.Crawling;

/// <summary>
/// Section "Crawl": politeness and resilience, on by default (Scrapy's defaults in spirit). A marketplace
/// profile's "Politeness" block overrides the politeness part for that site.
/// </summary>
public sealed class CrawlOptions
{
    public Politeness Politeness { get; set; } = new();
    /// <summary>Contact put in the user agent, so a site operator can reach us instead of blocking us.</summary>
    public string Contact { get; set; } = "enforcement-team@example.go.id";
    /// <summary>Our product token in robots.txt (RFC 9309 §2.2.1): the user-agent name whose group we obey.</summary>
    public string ProductToken { get; set; } = "MarketWatch";
    /// <summary>How long a robots.txt that was read is used before it is fetched again; §2.4 allows at most 24 h.</summary>
    public double RobotsCacheHours { get; set; } = 24;
    public int RetryAttempts { get; set; } = 3;
    public double BackoffBaseSeconds { get; set; } = 1;
    public double BackoffMaxSeconds { get; set; } = 60;
    /// <summary>A Retry-After longer than this is not waited out: the page fails and the run goes on.</summary>
    public double RetryAfterMaxSeconds { get; set; } = 120;
    /// <summary>Consecutive failed pages of one marketplace that open its breaker and stop its run.</summary>
    public int BreakerFailures { get; set; } = 4;
    /// <summary>Back-off after a captcha or block page before that page is tried again.</summary>
    public double BlockedBackoffSeconds { get; set; } = 60;
    public int BlockedAttempts { get; set; } = 2;
    public DetailPages DetailPages { get; set; } = new();
}

public sealed class Politeness
{
    public bool? ObeyRobots { get; set; }
    /// <summary>Requests in flight at once per host.</summary>
    public int? Concurrency { get; set; }
    /// <summary>Minimum delay between requests to one host; each wait is jittered between 0.5x and 1.5x.</summary>
    public double? DelaySeconds { get; set; }
    /// <summary>AutoThrottle: stretch the delay towards the host's observed latency, up to MaxDelaySeconds.</summary>
    public bool? AutoThrottle { get; set; }
    public double? MaxDelaySeconds { get; set; }
    /// <summary>Skip images, fonts and media in the browser: the text is what we read.</summary>
    public bool? BlockResources { get; set; }

    public static readonly Politeness Defaults = new()
    {
        ObeyRobots = true, Concurrency = 1, DelaySeconds = 2, AutoThrottle = true, MaxDelaySeconds = 30, BlockResources = true,
    };

    /// <summary>This block's values where set, else the fallback's.</summary>
    public Politeness Over(Politeness fallback) => new()
    {
        ObeyRobots = ObeyRobots ?? fallback.ObeyRobots, Concurrency = Concurrency ?? fallback.Concurrency,
        DelaySeconds = DelaySeconds ?? fallback.DelaySeconds, AutoThrottle = AutoThrottle ?? fallback.AutoThrottle,
        MaxDelaySeconds = MaxDelaySeconds ?? fallback.MaxDelaySeconds, BlockResources = BlockResources ?? fallback.BlockResources,
    };
}

public enum DetailMode { None, Undecided, AllNew }

/// <summary>
/// Which new or changed listings get their own page fetched (offers hide in descriptions): "Undecided"
/// fetches those whose card scored between MinScore and MaxScore, "AllNew" every new or changed one.
/// </summary>
public sealed class DetailPages
{
    public DetailMode Mode { get; set; } = DetailMode.Undecided;
    public double MinScore { get; set; } = 0.01;
    public double MaxScore { get; set; } = 0.95;
    public int MaxPerPage { get; set; } = 20;
}
