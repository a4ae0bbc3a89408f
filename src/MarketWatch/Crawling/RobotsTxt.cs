namespace MarketWatch.Crawling;

/// <summary>One Allow or Disallow line of the group that applies to us, as written and as compared.</summary>
public sealed record RobotsRule(bool Allow, string Value, string Pattern, int Line)
{
    public override string ToString() => $"line {Line}: {(Allow ? "Allow" : "Disallow")}: {Value}";
}

/// <summary>Whether a URL may be fetched, and the rule that decided (null: no rule matched, or robots.txt was unreadable).</summary>
public sealed record RobotsDecision(bool Allowed, RobotsRule? Rule, string Path, string Reason);

/// <summary>
/// robots.txt per RFC 9309. Groups start at user-agent lines and end only at the next user-agent line that
/// follows a rule (§2.2.4: Sitemap and unknown records do not end a group). Our product token is matched
/// whole and case-insensitively against each user-agent value's leading token (§2.2.1), every group
/// naming us is combined, and "*" groups apply only when none does. The longest matching pattern decides,
/// Allow winning a tie (§2.2.2), after both sides are normalised by <see cref="RobotsPath"/>.
/// </summary>
public sealed class RobotsTxt
{
    private RobotsTxt(string token, IReadOnlyList<RobotsRule> rules, IReadOnlyList<(string Agent, int Line)> agents, double? delay, IReadOnlyList<string> sitemaps)
        => (ProductToken, Rules, GroupAgents, CrawlDelaySeconds, Sitemaps) = (token, rules, agents, delay, sitemaps);

    public string ProductToken { get; }
    /// <summary>The rules of the group(s) that apply to our product token, in file order.</summary>
    public IReadOnlyList<RobotsRule> Rules { get; }
    /// <summary>The user-agent lines of the applied group(s): ours, else "*", else none.</summary>
    public IReadOnlyList<(string Agent, int Line)> GroupAgents { get; }
    public double? CrawlDelaySeconds { get; }
    public IReadOnlyList<string> Sitemaps { get; }
    /// <summary>Why robots.txt could not be read, when it could not (then everything is disallowed).</summary>
    public string? Problem { get; private init; }

    /// <summary>Why there are no rules when the file is missing.</summary>
    public string? Absent { get; private init; }

    /// <summary>A robots.txt that does not exist (4xx): §2.3.1.3, everything may be crawled.</summary>
    public static RobotsTxt Missing(string productToken, string why) => new(productToken, [], [], null, []) { Absent = why };

    /// <summary>§2.3.1.4: an unreachable robots.txt (5xx, network, a refused redirect) means "assume complete disallow".</summary>
    public static RobotsTxt Unreachable(string problem) => new("", [], [], null, []) { Problem = problem };

    public bool Allows(Uri url) => Decide(url).Allowed;

    public RobotsDecision Decide(Uri url)
    {
        var path = RobotsPath.Url(url.PathAndQuery.StartsWith('/') ? url.PathAndQuery : "/" + url.PathAndQuery);
        // §2.2.2: "/robots.txt" itself is implicitly allowed.
        if (path == "/robots.txt") return new RobotsDecision(true, null, path, "allowed: /robots.txt is always allowed");
        if (Problem is { } problem) return new RobotsDecision(false, null, path, $"robots.txt unreadable, so everything is disallowed: {problem}");
        RobotsRule? allow = null, disallow = null;
        foreach (var rule in Rules)
        {
            // An empty pattern matches nothing that could outrank another rule (a bare "Disallow:" allows all).
            if (rule.Pattern.Length == 0 || !RobotsPath.Matches(path, rule.Pattern)) continue;
            ref var best = ref rule.Allow ? ref allow : ref disallow;
            if (best is null || rule.Pattern.Length > best.Pattern.Length) best = rule;
        }
        if (disallow is not null && (allow is null || disallow.Pattern.Length > allow.Pattern.Length))
            return new RobotsDecision(false, disallow, path, $"disallowed by {disallow}");
        return allow is not null ? new RobotsDecision(true, allow, path, $"allowed by {allow}")
            : new RobotsDecision(true, null, path, Absent is not null ? $"allowed: {Absent}"
                : GroupAgents.Count == 0 ? "allowed: no group applies to us" : "allowed: no rule of our group matches");
    }

    private sealed class Group
    {
        public List<(string Agent, int Line)> Agents { get; } = [];
        public List<RobotsRule> Rules { get; } = [];
        public double? Delay { get; set; }
    }

    public static RobotsTxt Parse(string text, string productToken)
    {
        var token = LeadingToken(productToken);
        var groups = new List<Group>();
        var sitemaps = new List<string>();
        Group? current = null;
        var sawRule = false;
        var number = 0;
        foreach (var line in Lines(text))
        {
            number++;
            if (Record(line) is not var (key, value)) continue;
            switch (key)
            {
                case Key.UserAgent:
                    // A user-agent line after a rule starts a new group; consecutive ones share a group.
                    if (current is null || sawRule) groups.Add(current = new Group());
                    sawRule = false;
                    current.Agents.Add((value, number));
                    break;
                case Key.Allow or Key.Disallow when current is not null:
                    sawRule = true;
                    current.Rules.Add(new RobotsRule(key == Key.Allow, value, RobotsPath.Pattern(value), number));
                    break;
                case Key.CrawlDelay when current is not null:
                    if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d))
                        current.Delay ??= d;
                    break;
                case Key.Sitemap:
                    sitemaps.Add(value);
                    break;
            }   // rules before any user-agent line and unknown records are ignored, and end nothing
        }
        var mine = groups.Where(g => g.Agents.Any(a => token.Length > 0 && LeadingToken(a.Agent).Equals(token, StringComparison.OrdinalIgnoreCase))).ToList();
        if (mine.Count == 0) mine = groups.Where(g => g.Agents.Any(a => IsStar(a.Agent))).ToList();
        return new RobotsTxt(token, mine.SelectMany(g => g.Rules).ToList(), mine.SelectMany(g => g.Agents).ToList(),
            mine.Select(g => g.Delay).FirstOrDefault(d => d is not null), sitemaps);
    }

    /// <summary>§2.2.1: a product token is letters, "_" and "-"; "FooBot/2.1" and "Foo Bar" are read as "FooBot" and "Foo".</summary>
    public static string LeadingToken(string value)
    {
        var end = 0;
        while (end < value.Length && (char.IsAsciiLetter(value[end]) || value[end] is '_' or '-')) end++;
        return value[..end];
    }

    private static bool IsStar(string agent) => agent == "*" || (agent.Length > 1 && agent[0] == '*' && char.IsWhiteSpace(agent[1]));

    /// <summary>§2.2: lines end at CR, LF or CR LF; a byte-order mark before the first line is not part of it.</summary>
    private static IEnumerable<string> Lines(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (var i = start; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\r' && text[i] != '\n') continue;
            yield return text[start..i];
            if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n') i++;
            start = i + 1;
        }
    }

    private enum Key { UserAgent, Allow, Disallow, CrawlDelay, Sitemap, Other }

    private static (Key, string)? Record(string line)
    {
        var hash = line.IndexOf('#');
        var content = (hash >= 0 ? line[..hash] : line).Trim();
        if (content.Length == 0) return null;
        string name, value;
        var colon = content.IndexOf(':');
        if (colon > 0) (name, value) = (content[..colon].Trim(), content[(colon + 1)..].Trim());
        else
        {
            // "Disallow /x" with the colon forgotten: read as meant when it is exactly two words, as the
            // reference parser does. Obeying more than asked is never the wrong side for a crawler.
            var parts = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) return null;
            (name, value) = (parts[0], parts[1]);
        }
        return (KeyOf(name.ToLowerInvariant()), value);
    }

    // Directive names are case-insensitive (§2.2); the common misspellings are read too (reference parser).
    private static Key KeyOf(string name) => name switch
    {
        "user-agent" or "useragent" or "user agent" => Key.UserAgent,
        "allow" => Key.Allow,
        "disallow" or "dissallow" or "dissalow" or "disalow" or "diasllow" or "disallaw" => Key.Disallow,
        "crawl-delay" or "crawldelay" => Key.CrawlDelay,
        "sitemap" or "site-map" => Key.Sitemap,
        _ => Key.Other,
    };
}
