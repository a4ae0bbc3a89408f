using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class GracefulStop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "InterruptedAt",
                table: "CrawlRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Interruption",
                table: "CrawlRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResumedAt",
                table: "CrawlRuns",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InterruptedAt",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "Interruption",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "ResumedAt",
                table: "CrawlRuns");
        }
    }
}
