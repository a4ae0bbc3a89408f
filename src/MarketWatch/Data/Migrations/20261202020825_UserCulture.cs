using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketWatch.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserCulture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "Users",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Culture",
                table: "Users");
        }
    }
}
