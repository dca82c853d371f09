using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Transitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Transitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromSubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromCatalogItemId = table.Column<string>(type: "TEXT", nullable: false),
                    ToSubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToCatalogItemId = table.Column<string>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    TermDuration = table.Column<string>(type: "TEXT", nullable: false),
                    BillingCycle = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TransitionType = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Transitions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Transitions_FromSubscriptionId",
                table: "Transitions",
                column: "FromSubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_Transitions_ToSubscriptionId",
                table: "Transitions",
                column: "ToSubscriptionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Transitions");
        }
    }
}
