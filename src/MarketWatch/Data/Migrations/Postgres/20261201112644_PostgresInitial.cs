using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MarketWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Message = table.Column<string>(type: "text", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveryError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: true),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrawlEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    PageNumber = table.Column<int>(type: "integer", nullable: true),
                    Url = table.Column<string>(type: "text", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: false),
                    DelaySeconds = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrawlEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrawlRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    Query = table.Column<string>(type: "text", nullable: false),
                    PageBudget = table.Column<int>(type: "integer", nullable: false),
                    SandboxMode = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PagesFetched = table.Column<int>(type: "integer", nullable: false),
                    PagesFailed = table.Column<int>(type: "integer", nullable: false),
                    PagesBroken = table.Column<int>(type: "integer", nullable: false),
                    PagesBlocked = table.Column<int>(type: "integer", nullable: false),
                    ListingsNew = table.Column<int>(type: "integer", nullable: false),
                    ListingsChanged = table.Column<int>(type: "integer", nullable: false),
                    ListingsUnchanged = table.Column<int>(type: "integer", nullable: false),
                    ListingsFlagged = table.Column<int>(type: "integer", nullable: false),
                    Retries = table.Column<int>(type: "integer", nullable: false),
                    BreakerOpenings = table.Column<int>(type: "integer", nullable: false),
                    BlockedBackoffs = table.Column<int>(type: "integer", nullable: false),
                    DetailPagesFetched = table.Column<int>(type: "integer", nullable: false),
                    RobotsDisallowed = table.Column<int>(type: "integer", nullable: false),
                    SuspiciousLinks = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    LeaseOwner = table.Column<string>(type: "text", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrawlRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DailyCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    Flagged = table.Column<int>(type: "integer", nullable: false),
                    Confirmed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyCounts", x => new { x.Day, x.Marketplace });
                });

            migrationBuilder.CreateTable(
                name: "Detections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Flagged = table.Column<bool>(type: "boolean", nullable: false),
                    Reasons = table.Column<string>(type: "text", nullable: false),
                    ModelVersion = table.Column<string>(type: "text", nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Detections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Evidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    CapturedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserAgent = table.Column<string>(type: "text", nullable: false),
                    HtmlPath = table.Column<string>(type: "text", nullable: false),
                    HtmlSha256 = table.Column<string>(type: "text", nullable: false),
                    HtmlBytes = table.Column<long>(type: "bigint", nullable: false),
                    ScreenshotPath = table.Column<string>(type: "text", nullable: true),
                    ScreenshotSha256 = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evidence", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvidenceBlobs",
                columns: table => new
                {
                    Path = table.Column<string>(type: "text", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceBlobs", x => x.Path);
                });

            migrationBuilder.CreateTable(
                name: "JobExecutions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobName = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Marketplace = table.Column<string>(type: "text", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobExecutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Marketplaces",
                columns: table => new
                {
                    Name = table.Column<string>(type: "text", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    BaseUrl = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Marketplaces", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ModelPromotions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Version = table.Column<string>(type: "text", nullable: false),
                    PreviousVersion = table.Column<string>(type: "text", nullable: true),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelPromotions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Models",
                columns: table => new
                {
                    Version = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    Trainer = table.Column<string>(type: "text", nullable: false),
                    Recipe = table.Column<string>(type: "text", nullable: false),
                    CorpusRows = table.Column<int>(type: "integer", nullable: false),
                    DecisionRows = table.Column<int>(type: "integer", nullable: false),
                    HeldOutDecisionRows = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    StatusReason = table.Column<string>(type: "text", nullable: true),
                    Metrics = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Models", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "QueueCounts",
                columns: table => new
                {
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    ReviewStatus = table.Column<string>(type: "text", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueueCounts", x => new { x.Marketplace, x.ReviewStatus });
                });

            migrationBuilder.CreateTable(
                name: "ReviewDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    Before = table.Column<string>(type: "text", nullable: false),
                    After = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    Reviewer = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDecisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SellerCounts",
                columns: table => new
                {
                    SellerId = table.Column<long>(type: "bigint", nullable: false),
                    Flagged = table.Column<int>(type: "integer", nullable: false),
                    Confirmed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerCounts", x => x.SellerId);
                });

            migrationBuilder.CreateTable(
                name: "Sellers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    ShopKey = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: true),
                    Location = table.Column<string>(type: "text", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sellers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SuspiciousLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: false),
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    PageUrl = table.Column<string>(type: "text", nullable: false),
                    Href = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuspiciousLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tacs",
                columns: table => new
                {
                    Tac = table.Column<string>(type: "text", nullable: false),
                    Brand = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tacs", x => x.Tac);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    SecurityStamp = table.Column<string>(type: "text", nullable: false),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    LastFailedSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastFailedSignInFrom = table.Column<string>(type: "text", nullable: true),
                    DisabledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrawlPages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: false),
                    PageNumber = table.Column<int>(type: "integer", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ListingCount = table.Column<int>(type: "integer", nullable: false),
                    FetchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrawlPages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrawlPages_CrawlRuns_CrawlRunId",
                        column: x => x.CrawlRunId,
                        principalTable: "CrawlRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Listings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Marketplace = table.Column<string>(type: "text", nullable: false),
                    ProductId = table.Column<string>(type: "text", nullable: false),
                    SellerId = table.Column<long>(type: "bigint", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    PriceIdr = table.Column<long>(type: "bigint", nullable: true),
                    PriceMaxIdr = table.Column<long>(type: "bigint", nullable: true),
                    Url = table.Column<string>(type: "text", nullable: false),
                    ImageUrl = table.Column<string>(type: "text", nullable: true),
                    SoldText = table.Column<string>(type: "text", nullable: true),
                    Rating = table.Column<double>(type: "double precision", nullable: true),
                    Sponsored = table.Column<bool>(type: "boolean", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SightingCount = table.Column<int>(type: "integer", nullable: false),
                    Flagged = table.Column<bool>(type: "boolean", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    LatestDetectionId = table.Column<long>(type: "bigint", nullable: true),
                    ReviewStatus = table.Column<string>(type: "text", nullable: false),
                    ReviewVersion = table.Column<int>(type: "integer", nullable: false),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RelistOfListingId = table.Column<long>(type: "bigint", nullable: true),
                    RelistReason = table.Column<string>(type: "text", nullable: true),
                    RelistedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Listings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Listings_Sellers_SellerId",
                        column: x => x.SellerId,
                        principalTable: "Sellers",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    From = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sessions_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImeiMentions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    Imei = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Tac = table.Column<string>(type: "text", nullable: false),
                    RawText = table.Column<string>(type: "text", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImeiMentions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImeiMentions_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sightings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    CrawlRunId = table.Column<long>(type: "bigint", nullable: false),
                    PageNumber = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    PriceIdr = table.Column<long>(type: "bigint", nullable: true),
                    SeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EvidenceId = table.Column<long>(type: "bigint", nullable: true),
                    BoxX = table.Column<int>(type: "integer", nullable: true),
                    BoxY = table.Column<int>(type: "integer", nullable: true),
                    BoxWidth = table.Column<int>(type: "integer", nullable: true),
                    BoxHeight = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sightings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sightings_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Kind_Subject_ResolvedAt",
                table: "Alerts",
                columns: new[] { "Kind", "Subject", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_Id",
                table: "AuditEntries",
                columns: new[] { "Action", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Actor_Id",
                table: "AuditEntries",
                columns: new[] { "Actor", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject_At",
                table: "AuditEntries",
                columns: new[] { "Subject", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Kind_Value_ListingId",
                table: "Contacts",
                columns: new[] { "Kind", "Value", "ListingId" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_ListingId_Kind_Value",
                table: "Contacts",
                columns: new[] { "ListingId", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrawlEvents_CrawlRunId_Id",
                table: "CrawlEvents",
                columns: new[] { "CrawlRunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CrawlPages_CrawlRunId_PageNumber",
                table: "CrawlPages",
                columns: new[] { "CrawlRunId", "PageNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrawlRuns_Marketplace_Query_Status",
                table: "CrawlRuns",
                columns: new[] { "Marketplace", "Query", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Detections_ListingId",
                table: "Detections",
                column: "ListingId");

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_HtmlSha256",
                table: "Evidence",
                column: "HtmlSha256");

            migrationBuilder.CreateIndex(
                name: "IX_ImeiMentions_Imei",
                table: "ImeiMentions",
                column: "Imei");

            migrationBuilder.CreateIndex(
                name: "IX_ImeiMentions_ListingId_Imei",
                table: "ImeiMentions",
                columns: new[] { "ListingId", "Imei" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobExecutions_JobName_StartedAt",
                table: "JobExecutions",
                columns: new[] { "JobName", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_Marketplace_ProductId",
                table: "Listings",
                columns: new[] { "Marketplace", "ProductId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_Queue",
                table: "Listings",
                columns: new[] { "ReviewStatus", "Score", "Id", "Flagged" },
                descending: new[] { false, true, false, false },
                filter: "\"Flagged\" OR \"ReviewStatus\" <> 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_QueueAll",
                table: "Listings",
                columns: new[] { "Score", "Id", "ReviewStatus", "Flagged" },
                descending: new[] { true, false, false, false },
                filter: "\"Flagged\" OR \"ReviewStatus\" <> 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_QueueMarketplace",
                table: "Listings",
                columns: new[] { "Marketplace", "ReviewStatus", "Score", "Id", "Flagged" },
                descending: new[] { false, false, true, false, false },
                filter: "\"Flagged\" OR \"ReviewStatus\" <> 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_RelistOfListingId",
                table: "Listings",
                column: "RelistOfListingId",
                filter: "\"RelistOfListingId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_SellerId_FirstSeenAt",
                table: "Listings",
                columns: new[] { "SellerId", "FirstSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_SellerScore",
                table: "Listings",
                columns: new[] { "SellerId", "Score", "Id", "ReviewStatus" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_ModelPromotions_At",
                table: "ModelPromotions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Models_CreatedAt",
                table: "Models",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_DecidedAt",
                table: "ReviewDecisions",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_ListingId",
                table: "ReviewDecisions",
                column: "ListingId");

            migrationBuilder.CreateIndex(
                name: "IX_SellerCounts_Confirmed_Flagged_SellerId",
                table: "SellerCounts",
                columns: new[] { "Confirmed", "Flagged", "SellerId" },
                descending: new[] { true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_Sellers_Marketplace_ShopKey",
                table: "Sellers",
                columns: new[] { "Marketplace", "ShopKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_UserId",
                table: "Sessions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Sightings_ListingId_SeenAt",
                table: "Sightings",
                columns: new[] { "ListingId", "SeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SuspiciousLinks_CrawlRunId",
                table: "SuspiciousLinks",
                column: "CrawlRunId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_Name",
                table: "Users",
                column: "Name",
                unique: true);

            // Hand-written: append-only decisions and audit; the counts the dashboard and queue read, kept by triggers
            // (KeptCounts.cs); and evidence bytes (JPEG/PNG, gzip) stored as they are, since PostgreSQL's own
            // compression of already-compressed bytes only costs CPU.
            AppendOnly.CreatePostgres(migrationBuilder);
            KeptCounts.Install(migrationBuilder);
            migrationBuilder.Sql("""ALTER TABLE "EvidenceBlobs" ALTER COLUMN "Content" SET STORAGE EXTERNAL;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            KeptCounts.Uninstall(migrationBuilder);
            AppendOnly.DropPostgres(migrationBuilder);

            migrationBuilder.DropTable(
                name: "Alerts");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "CrawlEvents");

            migrationBuilder.DropTable(
                name: "CrawlPages");

            migrationBuilder.DropTable(
                name: "DailyCounts");

            migrationBuilder.DropTable(
                name: "Detections");

            migrationBuilder.DropTable(
                name: "Evidence");

            migrationBuilder.DropTable(
                name: "EvidenceBlobs");

            migrationBuilder.DropTable(
                name: "ImeiMentions");

            migrationBuilder.DropTable(
                name: "JobExecutions");

            migrationBuilder.DropTable(
                name: "Marketplaces");

            migrationBuilder.DropTable(
                name: "ModelPromotions");

            migrationBuilder.DropTable(
                name: "Models");

            migrationBuilder.DropTable(
                name: "QueueCounts");

            migrationBuilder.DropTable(
                name: "ReviewDecisions");

            migrationBuilder.DropTable(
                name: "SellerCounts");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropTable(
                name: "Sightings");

            migrationBuilder.DropTable(
                name: "SuspiciousLinks");

            migrationBuilder.DropTable(
                name: "Tacs");

            migrationBuilder.DropTable(
                name: "CrawlRuns");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "Listings");

            migrationBuilder.DropTable(
                name: "Sellers");
        }
    }
}
