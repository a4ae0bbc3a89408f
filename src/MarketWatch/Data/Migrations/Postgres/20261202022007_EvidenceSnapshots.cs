using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EvidenceSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ScreenshotRenderedAt",
                table: "Evidence",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SnapshotBytes",
                table: "Evidence",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotPath",
                table: "Evidence",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotSha256",
                table: "Evidence",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ViewportWidth",
                table: "Evidence",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScreenshotRenderedAt",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "SnapshotBytes",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "SnapshotPath",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "SnapshotSha256",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ViewportWidth",
                table: "Evidence");
        }
    }
}
