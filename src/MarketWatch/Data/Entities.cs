namespace MarketWatch.Data;

// The model covers the whole product, not only the walking skeleton: later features (review,
// evidence retention, resumable runs, TAC directory) fill tables that already exist.

public sealed class Marketplace
{
    public required string Name { get; set; }          // profile key, e.g. "tokopedia"
    public required string DisplayName { get; set; }
    public required string BaseUrl { get; set; }
}

public sealed class Seller
{
    public long Id { get; set; }
    public required string Marketplace { get; set; }
    public required string ShopKey { get; set; }        // shop URL path or, lacking one, the lower-cased name
    public required string Name { get; set; }
    public string? Url { get; set; }
    public string? Location { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public List<Listing> Listings { get; } = [];
}

public enum ReviewStatus { Pending, Confirmed, Dismissed, NeedsInfo }

public sealed class Listing
{
    public long Id { get; set; }
    public required string Marketplace { get; set; }
    public required string ProductId { get; set; }
    public long? SellerId { get; set; }
    public Seller? Seller { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public long? PriceIdr { get; set; }
    public long? PriceMaxIdr { get; set; }
    public required string Url { get; set; }
    public string? ImageUrl { get; set; }
    public string? SoldText { get; set; }
    public double? Rating { get; set; }
    public bool Sponsored { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public int SightingCount { get; set; }
    // Latest detection, denormalised so the review queue sorts and filters without a join.
    public bool Flagged { get; set; }
    public double Score { get; set; }
    public long? LatestDetectionId { get; set; }
    public ReviewStatus ReviewStatus { get; set; }
    /// <summary>Bumped by every decision: a decision made on an older version is a conflict, not an overwrite.</summary>
    public int ReviewVersion { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    /// <summary>Set when this listing looks like an offer put back up: the earlier listing, and why.</summary>
    public long? RelistOfListingId { get; set; }
    public string? RelistReason { get; set; }
    public DateTime? RelistedAt { get; set; }
    /// <summary>The seller network (Cases/Case) this flagged or decided listing belongs to; kept by Cases/CaseUpkeep.cs.</summary>
    public long? CaseId { get; set; }
    public List<Sighting> Sightings { get; } = [];
    public List<ImeiMention> Imeis { get; } = [];
}

/// <summary>What one crawl saw of a listing: the history reviewers read as "title and price over time".</summary>
public sealed class Sighting
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public long CrawlRunId { get; set; }
    public int PageNumber { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public long? PriceIdr { get; set; }
    public DateTime SeenAt { get; set; }
    public long? EvidenceId { get; set; }
    // Where this listing's card is in the capture's page screenshot (CSS pixels); null when the whole image is the listing.
    public int? BoxX { get; set; }
    public int? BoxY { get; set; }
    public int? BoxWidth { get; set; }
    public int? BoxHeight { get; set; }

    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public EvidenceBox? Box
    {
        get => BoxX is { } x && BoxY is { } y && BoxWidth is { } w && BoxHeight is { } h ? new EvidenceBox(x, y, w, h) : null;
        set => (BoxX, BoxY, BoxWidth, BoxHeight) = (value?.X, value?.Y, value?.Width, value?.Height);
    }
}

/// <summary>A rectangle of a page screenshot, in CSS pixels from its top left: one card among the page's cards.</summary>
public sealed record EvidenceBox(int X, int Y, int Width, int Height);

/// <summary>Interrupted: the process was asked to stop (SIGTERM, Ctrl+C) during the run; the next start resumes it.</summary>
public enum CrawlStatus { Running, Succeeded, Degraded, Failed, Interrupted }

public sealed class CrawlRun
{
    public long Id { get; set; }
    public required string Marketplace { get; set; }
    public required string Query { get; set; }
    public int PageBudget { get; set; }
    public bool SandboxMode { get; set; }
    public CrawlStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int PagesFetched { get; set; }
    public int PagesFailed { get; set; }
    public int PagesBroken { get; set; }
    public int PagesBlocked { get; set; }
    public int ListingsNew { get; set; }
    public int ListingsChanged { get; set; }
    public int ListingsUnchanged { get; set; }
    public int ListingsFlagged { get; set; }
    public int Retries { get; set; }
    public int BreakerOpenings { get; set; }
    public int BlockedBackoffs { get; set; }
    public int DetailPagesFetched { get; set; }
    public int RobotsDisallowed { get; set; }
    public int SuspiciousLinks { get; set; }
    /// <summary>Listings read from captured API responses, and from the page itself (its DOM cards or embedded JSON).</summary>
    public int ListingsFromCapture { get; set; }
    public int ListingsFromPage { get; set; }
    public long Bytes { get; set; }
    public string? Error { get; set; }
    /// <summary>The node crawling this run and until when its lease holds; renewed while it runs (Crawling/RunLease.cs).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    /// <summary>When a graceful stop last cut the run short, and why (the signal); kept after it resumes, so `runs` and the health page say so.</summary>
    public DateTime? InterruptedAt { get; set; }
    public string? Interruption { get; set; }
    /// <summary>When a later start took the interrupted (or killed) run up again.</summary>
    public DateTime? ResumedAt { get; set; }
    public List<CrawlPage> Pages { get; } = [];
}

/// <summary>
/// Something that happened while a run crawled (a retry, a back-off, a captcha, an open breaker, a broken page, a
/// failed detail page, a refused link): logged, and kept here so `runs` and the health page show it under `serve` too.
/// </summary>
public sealed class CrawlEvent
{
    public long Id { get; set; }
    public long CrawlRunId { get; set; }
    public DateTime At { get; set; }
    public required string Kind { get; set; }            // retry, captcha-backoff, breaker-open, page-broken, detail-failed, ...
    public int? PageNumber { get; set; }
    public string? Url { get; set; }
    public required string Message { get; set; }
    public double? DelaySeconds { get; set; }
}

public enum PageStatus { Pending, Done, Failed, ExtractorBroken, Blocked, NoResults, RobotsDisallowed, Skipped }

/// <summary>The run's frontier: one row per search page planned, so an interrupted run knows what is left.</summary>
public sealed class CrawlPage
{
    public long Id { get; set; }
    public long CrawlRunId { get; set; }
    public int PageNumber { get; set; }
    public required string Url { get; set; }
    public PageStatus Status { get; set; }
    public int Attempts { get; set; }
    public int ListingCount { get; set; }
    public DateTime? FetchedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>Raw HTML and screenshot of a fetched page, content-addressed, written once.</summary>
public sealed class EvidenceCapture
{
    public long Id { get; set; }
    public long CrawlRunId { get; set; }
    public required string Url { get; set; }
    public DateTime CapturedAt { get; set; }
    public required string UserAgent { get; set; }
    public required string HtmlPath { get; set; }       // relative to the data directory, gzip
    public required string HtmlSha256 { get; set; }     // of the uncompressed HTML
    public long HtmlBytes { get; set; }
    public string? ScreenshotPath { get; set; }         // a picture: taken at capture (Evidence:Capture = screenshot), or drawn later from the snapshot
    public string? ScreenshotSha256 { get; set; }
    /// <summary>When the picture was drawn from the snapshot (null when it was taken live, or not drawn yet).</summary>
    public DateTime? ScreenshotRenderedAt { get; set; }
    public string? SnapshotPath { get; set; }           // the page as Chromium held it (CDP MHTML: DOM, styles, images), gzip
    public string? SnapshotSha256 { get; set; }         // of the uncompressed MHTML
    public long? SnapshotBytes { get; set; }
    /// <summary>The width of the window the page was laid out in; the snapshot is drawn again at this width, so boxes match.</summary>
    public int? ViewportWidth { get; set; }
}

public sealed class Detection
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public long? CrawlRunId { get; set; }
    public double Score { get; set; }
    public bool Flagged { get; set; }
    public required string Reasons { get; set; }        // newline-separated, in the reviewer's words
    public required string ModelVersion { get; set; }
    public DateTime DetectedAt { get; set; }
}

public sealed class ImeiMention
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public required string Imei { get; set; }           // 15 digits, separators removed
    public required string Status { get; set; }         // valid, bad-check-digit, placeholder, test-tac
    public required string Tac { get; set; }
    public required string RawText { get; set; }       // as written in the listing
    public DateTime FirstSeenAt { get; set; }
}

/// <summary>One reviewer decision; the table is append-only (SQLite triggers refuse UPDATE and DELETE).</summary>
public sealed class ReviewDecision
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public ReviewStatus Before { get; set; }
    public ReviewStatus After { get; set; }
    public string? Note { get; set; }
    public required string Reviewer { get; set; }
    public DateTime DecidedAt { get; set; }
}

public sealed class TacEntry
{
    public required string Tac { get; set; }            // 8 digits
    public required string Brand { get; set; }
    public string? Model { get; set; }
    public required string Source { get; set; }
}

/// <summary>A link on a scraped page that pointed off the marketplace (another host, a private address, a
/// non-web scheme): recorded for the analyst, never followed.</summary>
public sealed class SuspiciousLink
{
    public long Id { get; set; }
    public long CrawlRunId { get; set; }
    public required string Marketplace { get; set; }
    public required string PageUrl { get; set; }
    public required string Href { get; set; }
    public required string Reason { get; set; }
    public DateTime SeenAt { get; set; }
}

public enum JobOutcome { Running, Succeeded, Degraded, Failed, Skipped, Interrupted }

/// <summary>One execution of a scheduled job, whatever its kind: the record the health page reads.</summary>
public sealed class JobExecution
{
    public long Id { get; set; }
    public required string JobName { get; set; }
    public required string Kind { get; set; }            // patrol, maintenance, evidence-sweep
    public string? Marketplace { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public JobOutcome Outcome { get; set; }
    public string? Summary { get; set; }
    public string? Error { get; set; }
}

/// <summary>Something an operator must look at; raised once while its condition holds, then resolved.</summary>
public sealed class Alert
{
    public long Id { get; set; }
    public required string Kind { get; set; }            // extractor-broken, breaker-open, job-failing
    public required string Subject { get; set; }         // the marketplace or job
    public required string Message { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public string? DeliveryError { get; set; }
}

public static class Roles
{
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public static readonly string[] All = [Reviewer, Admin];
}

/// <summary>Someone who may sign in to the review workspace. Passwords are stored as ASP.NET Core Identity hashes.</summary>
public sealed class User
{
    public long Id { get; set; }
    public required string Name { get; set; }            // unique, compared case-insensitively (stored lower-case)
    public required string Role { get; set; }            // reviewer or admin
    public required string PasswordHash { get; set; }
    /// <summary>Changes when the password changes or the account is disabled: every cookie issued before is void.</summary>
    public required string SecurityStamp { get; set; }
    /// <summary>Failed sign-ins since the last good one; shown to the user when they next sign in (issue 14).</summary>
    public int FailedSignIns { get; set; }
    public DateTime? LastFailedSignInAt { get; set; }
    public string? LastFailedSignInFrom { get; set; }
    public DateTime? DisabledAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    /// <summary>The workspace language the user chose (id-ID or en); null: Review:DefaultCulture (issue 17).</summary>
    public string? Culture { get; set; }
}

/// <summary>
/// A signed-in session (issue 14). The cookie names it; a request whose session row is gone is signed out, so sign-out
/// ends the session on the server and a copied cookie stops working with it.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; set; }              // 32 random hex characters
    public long UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? From { get; set; }                    // client address at sign-in
}

/// <summary>
/// Who did what, when: decisions, sign-ins (and failed ones), user changes, schedule actions, exports.
/// Append-only: SQLite triggers refuse UPDATE and DELETE, so not even the app can rewrite history.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }          // decide, sign-in, sign-in-failed, locked-out, user-add, ...
    public string? Subject { get; set; }                 // "listing 42", "user ani", "patrol tokopedia"
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// A way to reach a seller found in a listing's text (phone / WhatsApp number, e-mail, social handle),
/// normalised so that "0812-3456-7890", "+62 812 3456 7890" and "wa.me/6281234567890" are one value:
/// accounts sharing one are likely one operator (linked sellers).
/// </summary>
public sealed class ContactMention
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public required string Kind { get; set; }            // phone, email, handle
    public required string Value { get; set; }
}

public enum ModelStatus { Candidate, Promoted, Rejected, RolledBack }

/// <summary>
/// A trained model in the registry. Its file is DATA/models/&lt;Sha256&gt;.zip (content-addressed, written once);
/// the row is what every node reads, so a model trained on one node is known to all.
/// </summary>
public sealed class ModelVersion
{
    public required string Version { get; set; }        // imei-offer-<hash of training data + recipe>
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }      // bootstrap, retrain job, cli, a user
    public required string Trainer { get; set; }        // sdca, fasttree, lightgbm
    public required string Recipe { get; set; }         // trainer settings and features, as in the version hash
    public int CorpusRows { get; set; }
    public int DecisionRows { get; set; }               // reviewer decisions it was trained on
    public int HeldOutDecisionRows { get; set; }        // recent decisions it was judged on, not trained on
    public required string Sha256 { get; set; }
    public long Bytes { get; set; }
    public ModelStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public string? Metrics { get; set; }                // JSON: its gate figures and the champion's beside them
}

/// <summary>Each change of champion, append-only: the latest row names the champion, earlier rows are the way back.</summary>
public sealed class ModelPromotion
{
    public long Id { get; set; }
    public required string Version { get; set; }
    public string? PreviousVersion { get; set; }
    public required string Action { get; set; }         // bootstrap, promote, rollback
    public required string Actor { get; set; }
    public string? Reason { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// The dashboard's counts per UTC day and marketplace: listings first seen that day that are flagged now, and
/// listings confirmed that day. Derived data kept by triggers (Data/KeptCounts.cs), so a dashboard view reads
/// a few hundred rows instead of counting every listing.
/// </summary>
public sealed class DailyCount
{
    public DateOnly Day { get; set; }
    public required string Marketplace { get; set; }
    public int Flagged { get; set; }
    public int Confirmed { get; set; }
}

/// <summary>Per seller: how many of its listings are flagged and how many confirmed now. Kept by the same triggers.</summary>
public sealed class SellerCount
{
    public long SellerId { get; set; }
    public int Flagged { get; set; }
    public int Confirmed { get; set; }
}

/// <summary>The queue's rows per marketplace and review status (its status tabs), kept by the same triggers.</summary>
public sealed class QueueCount
{
    public required string Marketplace { get; set; }
    public ReviewStatus ReviewStatus { get; set; }
    public int Count { get; set; }
}
