using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace MarketWatch.Sandbox;

public enum FaultKind { TooManyRequests, ServiceUnavailable, Slow, Captcha, ChangedMarkup, TruncatedHtml }

/// <summary>
/// A fault the sandbox injects: which requests (marketplace, path prefix), how many times (null: until
/// cleared), and its parameters. Set in configuration (Sandbox:Faults) or at run time (POST /_sandbox/faults).
/// </summary>
public sealed class FaultRule
{
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public FaultKind Kind { get; set; }
    public string? Marketplace { get; set; }
    /// <summary>Only requests whose path starts with this (e.g. "/shopee/api"); default: the search page and its API.</summary>
    public string? PathPrefix { get; set; }
    public int? Times { get; set; }
    public int RetryAfterSeconds { get; set; } = 2;
    public int DelayMilliseconds { get; set; } = 5_000;

    internal bool Matches(string marketplace, string path, bool isSearch) =>
        (Marketplace is null || Marketplace == marketplace) && (PathPrefix is null ? isSearch : path.StartsWith(PathPrefix, StringComparison.Ordinal));
}

/// <summary>Section "Sandbox": faults and robots.txt, for tests, demos and benchmarks.</summary>
public sealed class SandboxOptions
{
    public List<FaultRule> Faults { get; set; } = [];
    /// <summary>The robots.txt the sandbox serves; default allows everything.</summary>
    public string RobotsTxt { get; set; } = "User-agent: *\nAllow: /\n";
    public int PageSize { get; set; } = 20;
    /// <summary>"team": the team's catalogue (fixtures/sandbox/catalogue.json); "fresh": every listing of every page new (<see cref="FreshCatalogue"/>).</summary>
    public string Catalogue { get; set; } = "team";
    /// <summary>
    /// Cards load their pictures, as a storefront's lazy loader does once they are in view: each img gets its data-src
    /// as src, and /{site}/img/* answers with a 200x200 JPEG. Off by default (the storefronts show placeholders).
    /// </summary>
    public bool Pictures { get; set; }

    public bool Fresh => Catalogue.Equals("fresh", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!Fresh && !Catalogue.Equals("team", StringComparison.OrdinalIgnoreCase))
            throw new Marketplaces.ConfigurationException($"Sandbox:Catalogue: '{Catalogue}' must be team or fresh");
        if (PageSize is < 1 or > 200) throw new Marketplaces.ConfigurationException($"Sandbox:PageSize: {PageSize} must be between 1 and 200");
    }
}

/// <summary>The live fault list and a request log (what a test asserts "was fetched, and how often").</summary>
public sealed class FaultState
{
    private readonly List<FaultRule> _rules;
    private readonly object _gate = new();
    public ConcurrentQueue<SandboxRequest> Requests { get; } = new();
    public string RobotsTxt { get; set; }

    public FaultState(SandboxOptions options) => (_rules, RobotsTxt) = ([.. options.Faults], options.RobotsTxt);

    public void Set(IEnumerable<FaultRule> rules)
    {
        lock (_gate) { _rules.Clear(); _rules.AddRange(rules); }
    }

    /// <summary>The fault for this request, if any, counting it against the rule's Times.</summary>
    public FaultRule? Take(string marketplace, string path, bool isSearch)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(marketplace, path, isSearch));
            if (rule is null) return null;
            if (rule.Times is { } times)
            {
                if (times <= 1) _rules.Remove(rule);
                else rule.Times = times - 1;
            }
            return rule;
        }
    }
}

public sealed record SandboxRequest(DateTime At, string Path);
