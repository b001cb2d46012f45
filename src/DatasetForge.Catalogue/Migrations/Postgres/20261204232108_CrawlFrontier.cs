using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DatasetForge.Catalogue.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CrawlFrontier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FrontierRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    QueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinalUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: true),
                    ContentType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ETag = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastModified = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    NoAi = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RobotsOverride = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Length = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrontierRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FrontierRequests_Sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FrontierRequests_SourceId_Kind_Url",
                table: "FrontierRequests",
                columns: new[] { "SourceId", "Kind", "Url" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FrontierRequests");
        }
    }
}
