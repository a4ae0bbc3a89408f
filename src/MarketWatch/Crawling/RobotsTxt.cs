namespace MarketWatch.Crawling;

/// <summary>
/// robots.txt per RFC 9309: the group for our product token (else "*"), longest matching rule wins,
/// Allow beats Disallow on a tie, "*" and "$" patterns; Crawl-delay read as a politeness floor.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<(bool Allow, string Pattern)> _rules;
    public double? CrawlDelaySeconds { get; }
    /// <summary>Why robots.txt could not be read, when it could not (then everything is disallowed).</summary>
    public string? Problem { get; private init; }

    private RobotsTxt(List<(bool, string)> rules, double? delay) => (_rules, CrawlDelaySeconds) = (rules, delay);

    public static readonly RobotsTxt AllowAll = new([], null);

    /// <summary>RFC 9309 2.3.1.4: an unreachable robots.txt (5xx, network) means "assume complete disallow".</summary>
    public static RobotsTxt Unreachable(string problem) => new([(false, "/")], null) { Problem = problem };

    private sealed class Group
    {
        public List<string> Agents { get; } = [];
        public List<(bool, string)> Rules { get; } = [];
        public double? Delay { get; set; }
    }

    public static RobotsTxt Parse(string text, string productToken)
    {
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                // Consecutive user-agent lines share one group.
                if (current is null || !lastWasAgent) groups.Add(current = new Group());
                current.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }
            lastWasAgent = false;
            if (current is null) continue;
            if (key == "allow" && value.Length > 0) current.Rules.Add((true, value));
            else if (key == "disallow" && value.Length > 0) current.Rules.Add((false, value));
            else if (key == "crawl-delay" && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                current.Delay = d;
        }
        var token = productToken.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && token.Contains(a))).ToList();
        if (mine.Count == 0) mine = groups.Where(g => g.Agents.Contains("*")).ToList();
        return new RobotsTxt(mine.SelectMany(g => g.Rules).ToList(), mine.Select(g => g.Delay).FirstOrDefault(d => d is not null));
    }

    public bool Allows(Uri url)
    {
        var path = url.PathAndQuery;
        (bool Allow, int Length)? best = null;
        foreach (var (allow, pattern) in _rules)
        {
            if (!Matches(pattern, path)) continue;
            if (best is null || pattern.Length > best.Value.Length || (pattern.Length == best.Value.Length && allow))
                best = (allow, pattern.Length);
        }
        return best?.Allow ?? true;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(anchored ? pattern[..^1] : pattern).Replace(@"\*", ".*") + (anchored ? "$" : "");
        return System.Text.RegularExpressions.Regex.IsMatch(path, regex);
    }
}
