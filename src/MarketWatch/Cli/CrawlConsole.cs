using MarketWatch.Crawling;

namespace MarketWatch.Cli;

/// <summary>
/// The operator's view of a crawl: on a terminal, one live progress bar per marketplace; redirected to a
/// file or a pipe, plain lines (a log must not fill with cursor codes).
/// </summary>
public sealed class CrawlConsole(bool live)
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, CrawlProgress> _state = new(StringComparer.Ordinal);
    private int _drawn;

    public static CrawlConsole ForConsole() => new(!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));

    public void Report(CrawlProgress p)
    {
        lock (_gate)
        {
            _state[p.Marketplace] = p;
            if (!live)
            {
                Console.WriteLine($"  [{p.Marketplace}] {p.Line}");
                return;
            }
            if (_drawn > 0) Console.Write($"\u001b[{_drawn}A");
            foreach (var s in _state.Values) Console.WriteLine("\u001b[2K" + Bar(s));
            _drawn = _state.Count;
        }
    }

    private static string Bar(CrawlProgress p)
    {
        const int width = 24;
        var filled = p.PagesTotal == 0 ? 0 : width * p.PagesDone / p.PagesTotal;
        return $"{p.Marketplace,-10} [{new string('#', filled)}{new string('.', width - filled)}] {p.PagesDone}/{p.PagesTotal} pages  "
            + $"{p.Listings} listings  {p.Flagged} flagged  {p.Errors} errors  {Trim(p.Line, 50)}";
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
