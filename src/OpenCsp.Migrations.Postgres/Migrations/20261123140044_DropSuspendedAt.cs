using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Postgres.Migrations
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
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SuspendedAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);
        }
    }
}
