using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class Cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CaseId",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    OtherListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    MergedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SplitFromId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseSplits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    OtherCaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseSplits", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_Case",
                table: "Listings",
                columns: new[] { "CaseId", "ReviewStatus", "Flagged", "Marketplace", "SellerId", "Score", "FirstSeenAt", "LastSeenAt" },
                filter: "\"CaseId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_CaseId",
                table: "CaseLinks",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_Key_CaseId_ListingId",
                table: "CaseLinks",
                columns: new[] { "Key", "CaseId", "ListingId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_Kind_CaseId_Key_OtherListingId",
                table: "CaseLinks",
                columns: new[] { "Kind", "CaseId", "Key", "OtherListingId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_ListingId_Key",
                table: "CaseLinks",
                columns: new[] { "ListingId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseSplits_CaseId_OtherCaseId",
                table: "CaseSplits",
                columns: new[] { "CaseId", "OtherCaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseLinks");

            migrationBuilder.DropTable(
                name: "Cases");

            migrationBuilder.DropTable(
                name: "CaseSplits");

            migrationBuilder.DropIndex(
                name: "IX_Listings_Case",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CaseId",
                table: "Listings");
        }
    }
}
