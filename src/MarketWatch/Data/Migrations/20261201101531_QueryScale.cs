using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueryScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Listings_Flagged_ReviewStatus_Score",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_Kind_Value",
                table: "Contacts");

            migrationBuilder.CreateTable(
                name: "DailyCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Marketplace = table.Column<string>(type: "TEXT", nullable: false),
                    Flagged = table.Column<int>(type: "INTEGER", nullable: false),
                    Confirmed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyCounts", x => new { x.Day, x.Marketplace });
                });

            migrationBuilder.CreateTable(
                name: "QueueCounts",
                columns: table => new
                {
                    Marketplace = table.Column<string>(type: "TEXT", nullable: false),
                    ReviewStatus = table.Column<string>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueueCounts", x => new { x.Marketplace, x.ReviewStatus });
                });

            migrationBuilder.CreateTable(
                name: "SellerCounts",
                columns: table => new
                {
                    SellerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<int>(type: "INTEGER", nullable: false),
                    Confirmed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerCounts", x => x.SellerId);
                });

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
                name: "IX_Listings_SellerScore",
                table: "Listings",
                columns: new[] { "SellerId", "Score", "Id", "ReviewStatus" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Kind_Value_ListingId",
                table: "Contacts",
                columns: new[] { "Kind", "Value", "ListingId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_Id",
                table: "AuditEntries",
                columns: new[] { "Action", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Actor_Id",
                table: "AuditEntries",
                columns: new[] { "Actor", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SellerCounts_Confirmed_Flagged_SellerId",
                table: "SellerCounts",
                columns: new[] { "Confirmed", "Flagged", "SellerId" },
                descending: new[] { true, true, false });

            // The triggers that keep DailyCounts, SellerCounts and QueueCounts, and the counts of the rows already stored.
            KeptCounts.Install(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            KeptCounts.Uninstall(migrationBuilder);

            migrationBuilder.DropTable(
                name: "DailyCounts");

            migrationBuilder.DropTable(
                name: "QueueCounts");

            migrationBuilder.DropTable(
                name: "SellerCounts");

            migrationBuilder.DropIndex(
                name: "IX_Listings_Queue",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Listings_QueueAll",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Listings_QueueMarketplace",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Listings_RelistOfListingId",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Listings_SellerScore",
                table: "Listings");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_Kind_Value_ListingId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Action_Id",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Actor_Id",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_Flagged_ReviewStatus_Score",
                table: "Listings",
                columns: new[] { "Flagged", "ReviewStatus", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Kind_Value",
                table: "Contacts",
                columns: new[] { "Kind", "Value" });
        }
    }
}
