using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrawlEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Listings_SellerId",
                table: "Listings");

            migrationBuilder.AddColumn<string>(
                name: "RelistReason",
                table: "Listings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RelistedAt",
                table: "Listings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BlockedBackoffs",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "BreakerOpenings",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DetailPagesFetched",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RobotsDisallowed",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SuspiciousLinks",
                table: "CrawlRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "SuspiciousLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CrawlRunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Marketplace = table.Column<string>(type: "TEXT", nullable: false),
                    PageUrl = table.Column<string>(type: "TEXT", nullable: false),
                    Href = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuspiciousLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_SellerId_FirstSeenAt",
                table: "Listings",
                columns: new[] { "SellerId", "FirstSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SuspiciousLinks_CrawlRunId",
                table: "SuspiciousLinks",
                column: "CrawlRunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SuspiciousLinks");

            migrationBuilder.DropIndex(
                name: "IX_Listings_SellerId_FirstSeenAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "RelistReason",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "RelistedAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "BlockedBackoffs",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "BreakerOpenings",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "DetailPagesFetched",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "Retries",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "RobotsDisallowed",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "SuspiciousLinks",
                table: "CrawlRuns");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_SellerId",
                table: "Listings",
                column: "SellerId");
        }
    }
}
