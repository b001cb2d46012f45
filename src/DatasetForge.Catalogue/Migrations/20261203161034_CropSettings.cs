using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations
{
    /// <inheritdoc />
    public partial class CropSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CropSettings",
                table: "Faces",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CropSettings",
                table: "Faces");
        }
    }
}
