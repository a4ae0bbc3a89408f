using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Interruption",
                table: "CrawlRuns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResumedAt",
                table: "CrawlRuns",
                type: "timestamp with time zone",
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
