using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;

namespace MarketWatch.Crawling.Stages;

/// <summary>A listing and what detection made of it (re-detected when its own page was read).</summary>
public sealed record Detected(ExtractedListing Listing, DetectionResult Detection);

/// <summary>The page's visual record taken while the tab showed the page, and where each newly flagged card was on it.</summary>
public sealed record PageSnapshot(VisualCapture Visual, IReadOnlyDictionary<string, EvidenceBox?> Boxes);

/// <summary>A listing's own page, read for its description; its visual record when that made the listing flagged.</summary>
public sealed record DetailCapture(string Url, string Html, VisualCapture? Visual);

/// <summary>
/// One search page on its way through the stages (Crawlee's crawling context): each stage reads what earlier ones
/// added and adds its own part. Resources a stage takes (a browser tab, a transaction) are released by the cleanup
/// stack, in reverse order, whatever happened; a stage that is done with one sooner may release it itself.
/// </summary>
public sealed class PageContext(RunContext run, CrawlPage page, MarketWatchDb db, PageTally tally, int attempt)
{
    private readonly Stack<Func<ValueTask>> _cleanup = new();

    public RunContext Run => run;
    public CrawlPage Page => page;
    public MarketWatchDb Db => db;
    /// <summary>Counted for the run with this page, in its transaction (kept across refetches of a blocked page).</summary>
    public PageTally Tally => tally;
    /// <summary>1 for the first fetch of this page in this run, 2 after a block page's back-off, ...</summary>
    public int Attempt => attempt;

    public FetchRequest? Request { get; set; }                                        // plan
    public FetchedPage? Fetched { get; set; }                                         // fetch
    public ExtractedPage? Extracted { get; set; }                                     // extract
    public IReadOnlyList<ExtractedListing> Listings { get; set; } = [];               // extract (followable), dedupe (unique)
    public IReadOnlyDictionary<string, Listing> Known { get; set; } = new Dictionary<string, Listing>();   // dedupe: stored versions
    public List<Detected> Detected { get; set; } = [];                                // detect, enrich
    public PageSnapshot? Snapshot { get; set; }                                       // snapshot
    public Dictionary<string, DetailCapture> Details { get; } = [];                   // enrich
    public Dictionary<string, (EvidenceCapture Capture, EvidenceBox? Box)> Evidence { get; } = [];   // evidence
    public EvidenceCapture? PageEvidence { get; set; }                                // evidence: the page's own (broken page, or shared)
    public List<EvidenceCapture> ResponseEvidence { get; } = [];                      // evidence: the API responses it rendered from
    public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? Transaction { get; set; }   // store begins it, account commits it

    /// <summary>The page's final status once a stage has decided it; null while it goes through normally (stored as Done).</summary>
    public PageStatus? Status { get; private set; }
    public string? Error { get; private set; }
    public bool Settled => Status is not null;

    /// <summary>Decides the page's outcome: the stages that do the crawling work are skipped from here on; storing and counting are not.</summary>
    public void Settle(PageStatus status, string? error)
    {
        Status = status;
        Error = error;
    }

    public void Defer(Func<ValueTask> cleanup) => _cleanup.Push(cleanup);

    public async ValueTask CleanupAsync()
    {
        while (_cleanup.TryPop(out var cleanup)) await cleanup();
    }

    public Task EventAsync(string kind, string message, string? url = null, double? delaySeconds = null) =>
        run.Events.RecordAsync(run.Profile.Name, run.RunId, kind, page.PageNumber, url ?? page.Url, message, delaySeconds);

    /// <summary>A flagged listing seen before, unchanged, already has its evidence: its first capture is the one that counts.</summary>
    public bool AlreadyEvidenced(ExtractedListing listing) =>
        Known.TryGetValue(listing.ProductId, out var k) && k.Flagged && k.Title == listing.Title && k.PriceIdr == listing.PriceIdr;
}
