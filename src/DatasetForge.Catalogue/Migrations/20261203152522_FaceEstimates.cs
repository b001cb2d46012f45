using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations
{
    /// <inheritdoc />
    public partial class FaceEstimates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Descriptor",
                table: "Faces",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "EstimatedAge",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EstimatedGender",
                table: "Faces",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "EstimatedGenderProbability",
                table: "Faces",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EstimatesModel",
                table: "Faces",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Descriptor",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "EstimatedAge",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "EstimatedGender",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "EstimatedGenderProbability",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "EstimatesModel",
                table: "Faces");
        }
    }
}
