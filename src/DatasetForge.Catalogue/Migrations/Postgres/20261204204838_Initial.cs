using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DatasetForge.Catalogue.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Stage = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SubjectKind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SubjectId = table.Column<int>(type: "integer", nullable: false),
                    Rule = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Outcome = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Photos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ContentType = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    FetchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ETag = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastModified = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastCheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Photos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sources",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ManifestPath = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastScrapedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StageRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Stage = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Summary = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CountsJson = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Takedowns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SourceName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PersonKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Sha256 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Reason = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Takedowns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingRuns",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    VersionId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Model = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Device = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EpochsRun = table.Column<int>(type: "integer", nullable: false),
                    BestEpoch = table.Column<int>(type: "integer", nullable: false),
                    BestValidationLoss = table.Column<double>(type: "double precision", nullable: true),
                    TestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    Path = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ParentId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Ratios = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ManifestSha256 = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Faces",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PhotoId = table.Column<int>(type: "integer", nullable: false),
                    Detector = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    FaceCount = table.Column<int>(type: "integer", nullable: false),
                    ImageWidth = table.Column<int>(type: "integer", nullable: false),
                    ImageHeight = table.Column<int>(type: "integer", nullable: false),
                    X = table.Column<float>(type: "real", nullable: true),
                    Y = table.Column<float>(type: "real", nullable: true),
                    Width = table.Column<float>(type: "real", nullable: true),
                    Height = table.Column<float>(type: "real", nullable: true),
                    Score = table.Column<float>(type: "real", nullable: true),
                    SecondFaceScore = table.Column<float>(type: "real", nullable: true),
                    SecondFaceAreaRatio = table.Column<float>(type: "real", nullable: true),
                    Sharpness = table.Column<double>(type: "double precision", nullable: true),
                    Brightness = table.Column<double>(type: "double precision", nullable: true),
                    Contrast = table.Column<double>(type: "double precision", nullable: true),
                    IsGreyscale = table.Column<bool>(type: "boolean", nullable: true),
                    ImagePerceptualHash = table.Column<long>(type: "bigint", nullable: true),
                    KeypointsJson = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CropPath = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CropSha256 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PerceptualHash = table.Column<long>(type: "bigint", nullable: true),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CropSettings = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    EstimatesModel = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    EstimatedAge = table.Column<float>(type: "real", nullable: true),
                    EstimatedGender = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    EstimatedGenderProbability = table.Column<float>(type: "real", nullable: true),
                    Descriptor = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Faces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Faces_Photos_PhotoId",
                        column: x => x.PhotoId,
                        principalTable: "Photos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Items",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PhotoUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Label = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    FacetsJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PhotoId = table.Column<int>(type: "integer", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Vanished = table.Column<bool>(type: "boolean", nullable: false),
                    GroupId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    StatusRule = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Items_Photos_PhotoId",
                        column: x => x.PhotoId,
                        principalTable: "Photos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Items_Sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Pages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ETag = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastModified = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Sha256 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastStatus = table.Column<int>(type: "integer", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastFetchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "VersionItems",
                columns: table => new
                {
                    VersionId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ItemId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    Split = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Label = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    GroupId = table.Column<int>(type: "integer", nullable: false),
                    CropSha256 = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    File = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionItems", x => new { x.VersionId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_VersionItems_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonDetails",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ProfileUrl = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonDetails", x => x.ItemId);
                    table.ForeignKey(
                        name: "FK_PersonDetails_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_Rule",
                table: "Decisions",
                column: "Rule");

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_Stage_SubjectKind_SubjectId_Rule",
                table: "Decisions",
                columns: new[] { "Stage", "SubjectKind", "SubjectId", "Rule" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Faces_PhotoId",
                table: "Faces",
                column: "PhotoId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Items_GroupId",
                table: "Items",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Items_PhotoId",
                table: "Items",
                column: "PhotoId");

            migrationBuilder.CreateIndex(
                name: "IX_Items_SourceId_Key",
                table: "Items",
                columns: new[] { "SourceId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Pages_SourceId_Url",
                table: "Pages",
                columns: new[] { "SourceId", "Url" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Photos_Sha256",
                table: "Photos",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sources_Name",
                table: "Sources",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageRuns_Stage_StartedAt",
                table: "StageRuns",
                columns: new[] { "Stage", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Takedowns_Sha256",
                table: "Takedowns",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_Takedowns_SourceName_PersonKey",
                table: "Takedowns",
                columns: new[] { "SourceName", "PersonKey" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_StartedAt",
                table: "TrainingRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_VersionItems_PersonId",
                table: "VersionItems",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Versions_CreatedAt",
                table: "Versions",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Decisions");

            migrationBuilder.DropTable(
                name: "Faces");

            migrationBuilder.DropTable(
                name: "Pages");

            migrationBuilder.DropTable(
                name: "PersonDetails");

            migrationBuilder.DropTable(
                name: "StageRuns");

            migrationBuilder.DropTable(
                name: "Takedowns");

            migrationBuilder.DropTable(
                name: "TrainingRuns");

            migrationBuilder.DropTable(
                name: "VersionItems");

            migrationBuilder.DropTable(
                name: "Items");

            migrationBuilder.DropTable(
                name: "Versions");

            migrationBuilder.DropTable(
                name: "Photos");

            migrationBuilder.DropTable(
                name: "Sources");
        }
    }
}
