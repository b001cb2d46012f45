using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations
{
    /// <inheritdoc />
    public partial class ConditionalGetQualityTakedown : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ETag",
                table: "Photos",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCheckedAt",
                table: "Photos",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastModified",
                table: "Photos",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Brightness",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Contrast",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ImagePerceptualHash",
                table: "Faces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsGreyscale",
                table: "Faces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "SecondFaceAreaRatio",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "SecondFaceScore",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Sharpness",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Pages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", nullable: true),
                    LastModified = table.Column<string>(type: "TEXT", nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: true),
                    LastStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastFetchedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Pages_Sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Takedowns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    SourceName = table.Column<string>(type: "TEXT", nullable: true),
                    PersonKey = table.Column<string>(type: "TEXT", nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Takedowns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Pages_SourceId_Url",
                table: "Pages",
                columns: new[] { "SourceId", "Url" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Takedowns_Sha256",
                table: "Takedowns",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_Takedowns_SourceName_PersonKey",
                table: "Takedowns",
                columns: new[] { "SourceName", "PersonKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Pages");

            migrationBuilder.DropTable(
                name: "Takedowns");

            migrationBuilder.DropColumn(
                name: "ETag",
                table: "Photos");

            migrationBuilder.DropColumn(
                name: "LastCheckedAt",
                table: "Photos");

            migrationBuilder.DropColumn(
                name: "LastModified",
                table: "Photos");

            migrationBuilder.DropColumn(
                name: "Brightness",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "Contrast",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "ImagePerceptualHash",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "IsGreyscale",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "SecondFaceAreaRatio",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "SecondFaceScore",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "Sharpness",
                table: "Faces");
        }
    }
}
