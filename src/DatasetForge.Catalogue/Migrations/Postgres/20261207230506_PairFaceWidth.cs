using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations.Postgres
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
                type: "real",
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
