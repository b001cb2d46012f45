using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations
{
    /// <inheritdoc />
    public partial class PairFaceWidth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<float>(
                name: "PairFaceWidth",
                table: "Faces",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PairFaceWidth",
                table: "Faces");
        }
    }
}
