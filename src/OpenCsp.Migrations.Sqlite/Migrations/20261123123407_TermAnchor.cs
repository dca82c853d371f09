using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TermAnchor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TermAnchor",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
            // Existing subscriptions count their terms from their current start.
            migrationBuilder.Sql("UPDATE \"Subscriptions\" SET \"TermAnchor\" = \"TermStart\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TermAnchor",
                table: "Subscriptions");
        }
    }
}
