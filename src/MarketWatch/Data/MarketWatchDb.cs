using MarketWatch.Cases;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Data;

/// <summary>
/// The model, and the SQLite context (its migrations are in Data/Migrations). PostgreSQL uses the derived
/// <see cref="PostgresMarketWatchDb"/>, whose migrations are a set of their own (Data/Migrations/Postgres):
/// EF Core's documented way to keep one migration history per provider.
/// </summary>
public class MarketWatchDb : DbContext
{
    public MarketWatchDb(DbContextOptions<MarketWatchDb> options) : base(options) { }

    /// <summary>For the provider-specific context deriving from this one.</summary>
    protected MarketWatchDb(DbContextOptions options) : base(options) { }

    public DbSet<Marketplace> Marketplaces => Set<Marketplace>();
    public DbSet<Seller> Sellers => Set<Seller>();
    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<Sighting> Sightings => Set<Sighting>();
    public DbSet<CrawlRun> CrawlRuns => Set<CrawlRun>();
    public DbSet<CrawlPage> CrawlPages => Set<CrawlPage>();
    public DbSet<EvidenceCapture> Evidence => Set<EvidenceCapture>();
    public DbSet<Detection> Detections => Set<Detection>();
    public DbSet<ImeiMention> ImeiMentions => Set<ImeiMention>();
    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();
    public DbSet<TacEntry> Tacs => Set<TacEntry>();
    public DbSet<SuspiciousLink> SuspiciousLinks => Set<SuspiciousLink>();
    public DbSet<JobExecution> JobExecutions => Set<JobExecution>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<User> Users => Set<User>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<ContactMention> Contacts => Set<ContactMention>();
    public DbSet<CrawlEvent> CrawlEvents => Set<CrawlEvent>();
    public DbSet<ModelVersion> Models => Set<ModelVersion>();
    public DbSet<ModelPromotion> ModelPromotions => Set<ModelPromotion>();
    public DbSet<DailyCount> DailyCounts => Set<DailyCount>();
    public DbSet<SellerCount> SellerCounts => Set<SellerCount>();
    public DbSet<QueueCount> QueueCounts => Set<QueueCount>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();
    public DbSet<CaseSplit> CaseSplits => Set<CaseSplit>();

    /// <summary>
    /// The review queue's rows: flagged, or decided at some time. The partial indexes below carry exactly this
    /// filter and Review/Queue.cs filters with the same expression, so SQLite (which matches a partial index's
    /// WHERE term by term) and PostgreSQL both read only the queue's few percent of listings.
    /// </summary>
    public const string InQueueSql = "\"Flagged\" OR \"ReviewStatus\" <> 'Pending'";

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Marketplace>().HasKey(m => m.Name);
        b.Entity<Seller>().HasIndex(s => new { s.Marketplace, s.ShopKey }).IsUnique();
        b.Entity<Listing>(e =>
        {
            // A listing's identity is its marketplace and its own product id: re-crawls update, never duplicate.
            e.HasIndex(l => new { l.Marketplace, l.ProductId }).IsUnique();
            // The queue per status tab, per marketplace, and all tabs at once; each in queue order (Score DESC, Id)
            // so a page is an index range, and keyset paging seeks instead of skipping rows. The trailing columns make
            // them cover the filter itself, so the status counts never read the table.
            e.HasIndex(l => new { l.ReviewStatus, l.Score, l.Id, l.Flagged }, "IX_Listings_Queue").HasFilter(InQueueSql)
                .IsDescending(false, true, false, false);
            e.HasIndex(l => new { l.Marketplace, l.ReviewStatus, l.Score, l.Id, l.Flagged }, "IX_Listings_QueueMarketplace").HasFilter(InQueueSql)
                .IsDescending(false, false, true, false, false);
            e.HasIndex(l => new { l.Score, l.Id, l.ReviewStatus, l.Flagged }, "IX_Listings_QueueAll").HasFilter(InQueueSql)
                .IsDescending(true, false, false, false);
            // A seller's listings, paged in the same order (ReviewStatus makes it cover the seller's risk and counts);
            // and "relisted as" on the listing page.
            e.HasIndex(l => new { l.SellerId, l.Score, l.Id, l.ReviewStatus }, "IX_Listings_SellerScore").IsDescending(false, true, false, false);
            e.HasIndex(l => l.RelistOfListingId).HasFilter("\"RelistOfListingId\" IS NOT NULL");
            e.Property(l => l.ReviewStatus).HasConversion<string>();
            e.HasMany(l => l.Sightings).WithOne().HasForeignKey(s => s.ListingId);
            e.HasMany(l => l.Imeis).WithOne().HasForeignKey(i => i.ListingId);
        });
        b.Entity<CrawlRun>(e =>
        {
            e.Property(r => r.Status).HasConversion<string>();
            e.HasIndex(r => new { r.Marketplace, r.Query, r.Status });
            e.HasMany(r => r.Pages).WithOne().HasForeignKey(p => p.CrawlRunId);
        });
        b.Entity<CrawlPage>(e =>
        {
            e.Property(p => p.Status).HasConversion<string>();
            e.HasIndex(p => new { p.CrawlRunId, p.PageNumber }).IsUnique();
        });
        b.Entity<Sighting>().HasIndex(s => new { s.ListingId, s.SeenAt });
        b.Entity<CrawlEvent>().HasIndex(e => new { e.CrawlRunId, e.Id });
        b.Entity<Detection>().HasIndex(d => d.ListingId);
        b.Entity<ImeiMention>(e =>
        {
            e.HasIndex(i => new { i.ListingId, i.Imei }).IsUnique();
            e.HasIndex(i => i.Imei);   // "every other listing offering this IMEI" is the cloning query
        });
        b.Entity<ReviewDecision>(e =>
        {
            e.Property(d => d.Before).HasConversion<string>();
            e.Property(d => d.After).HasConversion<string>();
            e.HasIndex(d => d.ListingId);
            e.HasIndex(d => d.DecidedAt);   // the dashboard's weekly model quality reads the last 12 weeks of decisions
        });
        b.Entity<EvidenceCapture>().HasIndex(e => e.HtmlSha256);
        b.Entity<TacEntry>().HasKey(t => t.Tac);
        b.Entity<SuspiciousLink>().HasIndex(l => l.CrawlRunId);
        b.Entity<JobExecution>(e =>
        {
            e.Property(x => x.Outcome).HasConversion<string>();
            e.HasIndex(x => new { x.JobName, x.StartedAt });
        });
        b.Entity<Alert>().HasIndex(a => new { a.Kind, a.Subject, a.ResolvedAt });
        b.Entity<Listing>().HasIndex(l => new { l.SellerId, l.FirstSeenAt });
        b.Entity<User>().HasIndex(u => u.Name).IsUnique();
        b.Entity<UserSession>(e =>
        {
            e.ToTable("Sessions");
            e.HasIndex(x => x.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Subject, a.At });
            e.HasIndex(a => new { a.Actor, a.Id });    // /audit filtered by who or what, newest first
            e.HasIndex(a => new { a.Action, a.Id });
        });
        b.Entity<ContactMention>(e =>
        {
            e.HasIndex(c => new { c.Kind, c.Value, c.ListingId });   // linked sellers: covering, so a shared contact costs no row reads
            e.HasIndex(c => new { c.ListingId, c.Kind, c.Value }).IsUnique();
        });
        // Issue 16: the model registry. The champion is the latest promotion row, so every node agrees on it.
        b.Entity<ModelVersion>(e =>
        {
            e.HasKey(m => m.Version);
            e.Property(m => m.Status).HasConversion<string>();
            e.HasIndex(m => m.CreatedAt);
        });
        b.Entity<ModelPromotion>().HasIndex(p => p.At);
        // Derived counts kept by triggers (KeptCounts.cs); the top-sellers list is the head of the second index.
        b.Entity<DailyCount>().HasKey(d => new { d.Day, d.Marketplace });
        b.Entity<SellerCount>(e =>
        {
            e.HasKey(s => s.SellerId);
            e.Property(s => s.SellerId).ValueGeneratedNever();
            e.HasIndex(s => new { s.Confirmed, s.Flagged, s.SellerId }).IsDescending(true, true, false);
        });
        // Issue 18: cases. A case's listings by status (the cases queue, "known network"), a key's holders (upkeep's
        // one seek per key), a listing's links, and a case's links.
        // Covering: the cases queue and the dashboard's networks count and aggregate members from the index alone (members
        // are the queue's few percent of listings, so the partial index stays small however wide).
        b.Entity<Listing>().HasIndex(l => new { l.CaseId, l.ReviewStatus, l.Flagged, l.Marketplace, l.SellerId, l.Score, l.FirstSeenAt, l.LastSeenAt }, "IX_Listings_Case")
            .HasFilter("\"CaseId\" IS NOT NULL");
        b.Entity<Case>().ToTable("Cases");
        b.Entity<CaseLink>(e =>
        {
            e.HasIndex(c => new { c.ListingId, c.Key }).IsUnique();
            e.HasIndex(c => new { c.Key, c.CaseId, c.ListingId });
            e.HasIndex(c => c.CaseId);
            e.HasIndex(c => new { c.Kind, c.CaseId, c.Key, c.OtherListingId });   // shared IMEIs per case, for the queue
        });
        b.Entity<CaseSplit>().HasIndex(s => new { s.CaseId, s.OtherCaseId });
        b.Entity<QueueCount>(e =>
        {
            e.HasKey(q => new { q.Marketplace, q.ReviewStatus });
            e.Property(q => q.ReviewStatus).HasConversion<string>();
        });
    }
}
