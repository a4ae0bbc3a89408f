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
}

public enum CrawlStatus { Running, Succeeded, Degraded, Failed }

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
    public long Bytes { get; set; }
    public string? Error { get; set; }
    /// <summary>The node crawling this run and until when its lease holds; renewed while it runs (Crawling/RunLease.cs).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public List<CrawlPage> Pages { get; } = [];
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
    public string? ScreenshotPath { get; set; }
    public string? ScreenshotSha256 { get; set; }
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

public enum JobOutcome { Running, Succeeded, Degraded, Failed, Skipped }

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
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? DisabledAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
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
