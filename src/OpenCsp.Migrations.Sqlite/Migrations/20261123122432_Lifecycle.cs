using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BilledThrough",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "CancelAtTermEnd",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "DataDeletionAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextDueAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScheduledChange",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SuspendedAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SuspendedWithParent",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "TermPurchasedAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CustomerName = table.Column<string>(type: "TEXT", nullable: false),
                    UserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ResourceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OperationType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    OperationStatus = table.Column<string>(type: "TEXT", nullable: false),
                    OperationDate = table.Column<long>(type: "INTEGER", nullable: false),
                    ResourceOldValue = table.Column<string>(type: "TEXT", nullable: true),
                    ResourceNewValue = table.Column<string>(type: "TEXT", nullable: true),
                    CustomizedData = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_NextDueAt",
                table: "Subscriptions",
                column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_CustomerId_OperationDate",
                table: "AuditRecords",
                columns: new[] { "CustomerId", "OperationDate" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_PartnerId_OperationDate",
                table: "AuditRecords",
                columns: new[] { "PartnerId", "OperationDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_NextDueAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "BilledThrough",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "CancelAtTermEnd",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "DataDeletionAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "NextDueAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ScheduledChange",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "SuspendedAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "SuspendedWithParent",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "TermPurchasedAt",
                table: "Subscriptions");
        }
    }
}
