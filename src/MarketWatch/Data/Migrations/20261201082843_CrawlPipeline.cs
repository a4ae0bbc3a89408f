using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrawlPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BoxHeight",
                table: "Sightings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BoxWidth",
                table: "Sightings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BoxX",
                table: "Sightings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BoxY",
                table: "Sightings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CrawlEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CrawlRunId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    PageNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Url = table.Column<string>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    DelaySeconds = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrawlEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrawlEvents_CrawlRunId_Id",
                table: "CrawlEvents",
                columns: new[] { "CrawlRunId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CrawlEvents");

            migrationBuilder.DropColumn(
                name: "BoxHeight",
                table: "Sightings");

            migrationBuilder.DropColumn(
                name: "BoxWidth",
                table: "Sightings");

            migrationBuilder.DropColumn(
                name: "BoxX",
                table: "Sightings");

            migrationBuilder.DropColumn(
                name: "BoxY",
                table: "Sightings");
        }
    }
}
