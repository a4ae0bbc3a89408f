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
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<ContactMention> Contacts => Set<ContactMention>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Marketplace>().HasKey(m => m.Name);
        b.Entity<Seller>().HasIndex(s => new { s.Marketplace, s.ShopKey }).IsUnique();
        b.Entity<Listing>(e =>
        {
            // A listing's identity is its marketplace and its own product id: re-crawls update, never duplicate.
            e.HasIndex(l => new { l.Marketplace, l.ProductId }).IsUnique();
            e.HasIndex(l => new { l.Flagged, l.ReviewStatus, l.Score });
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
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Subject, a.At });
        });
        b.Entity<ContactMention>(e =>
        {
            e.HasIndex(c => new { c.Kind, c.Value });
            e.HasIndex(c => new { c.ListingId, c.Kind, c.Value }).IsUnique();
        });
    }
}
