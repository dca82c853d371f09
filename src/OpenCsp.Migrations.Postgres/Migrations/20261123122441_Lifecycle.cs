using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BilledThrough",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<bool>(
                name: "CancelAtTermEnd",
                table: "Subscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DataDeletionAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextDueAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScheduledChange",
                table: "Subscriptions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusChangedAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SuspendedAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SuspendedWithParent",
                table: "Subscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TermPurchasedAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    CustomerName = table.Column<string>(type: "text", nullable: false),
                    UserPrincipalName = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    ResourceType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OperationType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    OperationStatus = table.Column<string>(type: "text", nullable: false),
                    OperationDate = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResourceOldValue = table.Column<string>(type: "text", nullable: true),
                    ResourceNewValue = table.Column<string>(type: "text", nullable: true),
                    CustomizedData = table.Column<string>(type: "jsonb", nullable: true)
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
