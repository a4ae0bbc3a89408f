using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListingSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ListingsFromCapture",
                table: "CrawlRuns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ListingsFromPage",
                table: "CrawlRuns",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ListingsFromCapture",
                table: "CrawlRuns");

            migrationBuilder.DropColumn(
                name: "ListingsFromPage",
                table: "CrawlRuns");
        }
    }
}
