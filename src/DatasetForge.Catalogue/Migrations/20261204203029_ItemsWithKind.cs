using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DatasetForge.Catalogue.Migrations
{
    /// <summary>
    /// Persons becomes Items with a kind (person, image, video-frame, idx-item, from the source's kind); the role and
    /// profile link move to PersonDetails. The table is renamed and its rows copied, never dropped.
    /// </summary>
    public partial class ItemsWithKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(name: "Persons", newName: "Items");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Items",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "image");

            migrationBuilder.Sql(
                """
                UPDATE Items SET Kind = CASE (SELECT s.Kind FROM Sources s WHERE s.Id = Items.SourceId)
                    WHEN 'web' THEN 'person' WHEN 'video' THEN 'video-frame' WHEN 'idx' THEN 'idx-item' ELSE 'image' END;
                """);

            migrationBuilder.CreateTable(
                name: "PersonDetails",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: true),
                    ProfileUrl = table.Column<string>(type: "TEXT", nullable: true)
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

            migrationBuilder.Sql(
                """
                INSERT INTO PersonDetails (ItemId, Role, ProfileUrl)
                SELECT Id, Role, ProfileUrl FROM Items WHERE Role IS NOT NULL OR ProfileUrl IS NOT NULL;
                """);

            migrationBuilder.DropColumn(name: "Role", table: "Items");
            migrationBuilder.DropColumn(name: "ProfileUrl", table: "Items");

            migrationBuilder.RenameIndex(name: "IX_Persons_SourceId_Key", table: "Items", newName: "IX_Items_SourceId_Key");
            migrationBuilder.RenameIndex(name: "IX_Persons_PhotoId", table: "Items", newName: "IX_Items_PhotoId");
            migrationBuilder.RenameIndex(name: "IX_Persons_GroupId", table: "Items", newName: "IX_Items_GroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "Role", table: "Items", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "ProfileUrl", table: "Items", type: "TEXT", nullable: true);
            migrationBuilder.Sql(
                """
                UPDATE Items SET Role = (SELECT d.Role FROM PersonDetails d WHERE d.ItemId = Items.Id),
                    ProfileUrl = (SELECT d.ProfileUrl FROM PersonDetails d WHERE d.ItemId = Items.Id);
                """);
            migrationBuilder.DropTable(name: "PersonDetails");
            migrationBuilder.DropColumn(name: "Kind", table: "Items");
            migrationBuilder.RenameIndex(name: "IX_Items_SourceId_Key", table: "Items", newName: "IX_Persons_SourceId_Key");
            migrationBuilder.RenameIndex(name: "IX_Items_PhotoId", table: "Items", newName: "IX_Persons_PhotoId");
            migrationBuilder.RenameIndex(name: "IX_Items_GroupId", table: "Items", newName: "IX_Persons_GroupId");
            migrationBuilder.RenameTable(name: "Items", newName: "Persons");
        }
    }
}
