using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCsp.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BlockedMarkets",
                columns: table => new
                {
                    TargetView = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Country = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockedMarkets", x => new { x.TargetView, x.Country });
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    TargetView = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProductType = table.Column<string>(type: "text", nullable: false),
                    Publisher = table.Column<string>(type: "text", nullable: false),
                    PublisherId = table.Column<string>(type: "text", nullable: false),
                    IsMicrosoft = table.Column<bool>(type: "boolean", nullable: false),
                    BillingType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CommerceModel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Skus",
                columns: table => new
                {
                    ProductId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    MinimumQuantity = table.Column<int>(type: "integer", nullable: false),
                    MaximumQuantity = table.Column<int>(type: "integer", nullable: false),
                    IsTrial = table.Column<bool>(type: "boolean", nullable: false),
                    TrialConvertsTo = table.Column<string>(type: "text", nullable: true),
                    FreeTrialDays = table.Column<int>(type: "integer", nullable: false),
                    IsAddOn = table.Column<bool>(type: "boolean", nullable: false),
                    Prerequisites = table.Column<List<string>>(type: "text[]", nullable: false),
                    UpgradeTargets = table.Column<List<string>>(type: "text[]", nullable: false),
                    OnePerCustomer = table.Column<bool>(type: "boolean", nullable: false),
                    Segments = table.Column<int[]>(type: "integer[]", nullable: false),
                    AuthorizedPartnerIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    SoftwareKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CancellationRestriction = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Isv = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Skus", x => new { x.ProductId, x.Id });
                    table.ForeignKey(
                        name: "FK_Skus_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Availabilities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProductId = table.Column<string>(type: "character varying(40)", nullable: false),
                    SkuId = table.Column<string>(type: "character varying(40)", nullable: false),
                    Country = table.Column<string>(type: "text", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false),
                    TaxInclusive = table.Column<bool>(type: "boolean", nullable: false),
                    Terms = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Availabilities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Availabilities_Skus_ProductId_SkuId",
                        columns: x => new { x.ProductId, x.SkuId },
                        principalTable: "Skus",
                        principalColumns: new[] { "ProductId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Availabilities_Country",
                table: "Availabilities",
                column: "Country");

            migrationBuilder.CreateIndex(
                name: "IX_Availabilities_ProductId_SkuId_Country",
                table: "Availabilities",
                columns: new[] { "ProductId", "SkuId", "Country" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_TargetView",
                table: "Products",
                column: "TargetView");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Availabilities");

            migrationBuilder.DropTable(
                name: "BlockedMarkets");

            migrationBuilder.DropTable(
                name: "Skus");

            migrationBuilder.DropTable(
                name: "Products");
        }
    }
}
