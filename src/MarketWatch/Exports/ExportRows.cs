namespace MarketWatch.Exports;

/// <summary>A table to export: its column names and its rows, streamed. Cells are string, long, double, bool, DateTime (UTC) or null.</summary>
public sealed record ExportTable(IReadOnlyList<string> Columns, IAsyncEnumerable<object?[]> Rows);

/// <summary>One confirmed listing in a takedown request.</summary>
public sealed record TakedownRow(long ListingId, string Marketplace, string ProductId, string Url, string Title, string? SellerName, string? SellerUrl,
    long? PriceIdr, DateTime FirstSeenAt, DateTime LastSeenAt, string? Reasons, string? ModelVersion, string? Reviewer, DateTime? DecidedAt,
    string? EvidenceUrl, DateTime? CapturedAt, string? HtmlSha256, string? ScreenshotSha256, string? ScreenshotPath, Data.EvidenceBox? Box = null,
    long? EvidenceId = null, string? SnapshotSha256 = null, long? CaseId = null)
{
    public static readonly string[] Columns =
    [
        "marketplace", "product_id", "listing_url", "title", "seller_name", "seller_url", "price_idr", "first_seen_utc", "last_seen_utc",
        "reason", "reviewer", "decided_at_utc", "evidence_captured_at_utc", "evidence_html_sha256", "evidence_screenshot_sha256",
        "evidence_snapshot_sha256", "case_id",
    ];

    /// <summary>Reasons are stored one per line; a cell joins them so every row stays one line.</summary>
    public string Reason => Reasons is null ? "" : string.Join(" | ", Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    public object?[] Cells() =>
    [
        Marketplace, ProductId, Url, Title, SellerName, SellerUrl, PriceIdr, FirstSeenAt, LastSeenAt,
        Reason, Reviewer, DecidedAt, CapturedAt, HtmlSha256, ScreenshotSha256, SnapshotSha256, CaseId,
    ];
}

/// <summary>One IMEI for the national blocklist, with who offered it.</summary>
public sealed record BlocklistRow(string Imei, string Tac, string? Brand, string? Model, DateTime FirstSeenAt, int Listings, int Sellers, IReadOnlyList<string> Urls)
{
    public static readonly string[] Columns = ["imei", "tac", "brand", "model", "first_seen_utc", "listings", "sellers", "listing_urls"];

    public object?[] Cells() => [Imei, Tac, Brand, Model, FirstSeenAt, (long)Listings, (long)Sellers, string.Join(" ", Urls)];
}

/// <summary>One listing for analysts: its latest detection and latest decision.</summary>
public sealed record ListingRow(string Marketplace, string ProductId, string Url, string Title, long? PriceIdr, string? SellerName, string? SellerUrl,
    bool Flagged, double Score, string ReviewStatus, string? Imeis, string? Reasons, string? ModelVersion, DateTime FirstSeenAt, DateTime LastSeenAt,
    int Sightings, string? DecisionAfter, string? Reviewer, DateTime? DecidedAt, string? DecisionNote)
{
    public static readonly string[] Columns =
    [
        "marketplace", "product_id", "listing_url", "title", "price_idr", "seller_name", "seller_url", "flagged", "score", "review_status",
        "valid_imeis", "reasons", "model_version", "first_seen_utc", "last_seen_utc", "sightings", "decision", "reviewer", "decided_at_utc", "decision_note",
    ];

    public object?[] Cells() =>
    [
        Marketplace, ProductId, Url, Title, PriceIdr, SellerName, SellerUrl, Flagged, Score, ReviewStatus,
        Imeis, Reasons is null ? null : string.Join(" | ", Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries)), ModelVersion,
        FirstSeenAt, LastSeenAt, (long)Sightings, DecisionAfter, Reviewer, DecidedAt, DecisionNote,
    ];
}
