using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DropSuspendedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SuspendedAt",
                table: "Subscriptions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SuspendedAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);
        }
    }
}
