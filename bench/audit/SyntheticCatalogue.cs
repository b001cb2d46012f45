using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DatasetForge.Core.Workspace;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Bench.Audit;

/// <summary>
/// Generates a catalogue of kept persons with real (tiny, distinct) PNG crops, through batched raw SQL in one
/// transaction: sources, photos, faces and persons, as the curate stage would leave them. The SQL is the same on
/// SQLite and PostgreSQL (quoted names, FALSE, ISO timestamps), so both providers hold the same rows; the crop files
/// are written only when <c>writeCrops</c> is set (a second catalogue over the same workspace reuses them).
/// </summary>
internal static class SyntheticCatalogue
{
    private const int Batch = 500;

    public static async Task GenerateAsync(
        DatasetWorkspace workspace, int items, int sources, string[] labels, bool writeCrops, CancellationToken cancellationToken)
    {
        workspace.EnsureCreated();
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken))
        {
            var postgres = catalogue.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
            await catalogue.Database.OpenConnectionAsync(cancellationToken);
            var connection = catalogue.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // SQLite stores EF Core's DateTime as this text; PostgreSQL reads it as a timestamp with time zone in UTC.
            var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (postgres ? "+00" : string.Empty);
            for (var s = 1; s <= sources; s++)
            {
                await ExecuteAsync(connection, transaction, $"INSERT INTO \"Sources\" (\"Id\", \"Name\", \"Kind\") VALUES ({s}, 'uni-{s:D3}', 'web')", cancellationToken);
            }

            var photos = new StringBuilder();
            var faces = new StringBuilder();
            var persons = new StringBuilder();
            var details = new StringBuilder();
            for (var start = 1; start <= items; start += Batch)
            {
                photos.Clear().Append(Insert("Photos", "Id", "Sha256", "Url", "ContentType", "Length", "FetchedAt"));
                faces.Clear().Append(Insert("Faces", "Id", "PhotoId", "Detector", "FaceCount", "ImageWidth", "ImageHeight", "CropPath", "CropSha256", "DetectedAt"));
                persons.Clear().Append(Insert("Items", "Id", "SourceId", "Key", "Kind", "Name", "Label", "FacetsJson", "PhotoId", "FirstSeenAt", "LastSeenAt", "Vanished", "GroupId", "Status"));
                details.Clear().Append(Insert("PersonDetails", "ItemId", "Role"));
                var end = Math.Min(items, start + Batch - 1);
                var crops = Enumerable.Range(start, end - start + 1).Select(i => Png(i)).ToArray();
                var hashes = crops.Select(c => ContentHash.Of(c)).ToArray();
                for (var i = start; i <= end; i++)
                {
                    var photoSha = ContentHash.OfText("photo:" + i);
                    var crop = crops[i - start];
                    var cropPath = workspace.CropPath(photoSha);
                    if (writeCrops)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(cropPath)!);
                        await File.WriteAllBytesAsync(cropPath, crop, cancellationToken);
                    }

                    var source = ((i - 1) % sources) + 1;
                    // Each source gives mostly one label (the academic-major situation), with some mixing.
                    var label = labels[(i % 10 == 0 ? i / 10 : source) % labels.Length];
                    var separator = i == start ? string.Empty : ",";
                    var relative = Path.GetRelativePath(workspace.Root, cropPath);
                    photos.Append(CultureInfo.InvariantCulture, $"{separator}({i},'{photoSha}','https://bench.example/{i}.jpg','image/jpeg',1000,'{now}')");
                    faces.Append(CultureInfo.InvariantCulture, $"{separator}({i},{i},'blazeface',1,400,400,'{relative}','{hashes[i - start]}','{now}')");
                    persons.Append(CultureInfo.InvariantCulture, $"{separator}({i},{source},'k{i}','person','Person {i}','{label}','{{\"university\":\"U{source % 19}\"}}',{i},'{now}','{now}',FALSE,{i},'kept')");
                    details.Append(CultureInfo.InvariantCulture, $"{separator}({i},'{(i % 3 == 0 ? "Doktorand" : "Professor")}')");
                }

                await ExecuteAsync(connection, transaction, photos.ToString(), cancellationToken);
                await ExecuteAsync(connection, transaction, faces.ToString(), cancellationToken);
                await ExecuteAsync(connection, transaction, persons.ToString(), cancellationToken);
                await ExecuteAsync(connection, transaction, details.ToString(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static string Insert(string table, params string[] columns) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An 8x8 RGB PNG whose pixels encode <paramref name="index"/>, so every crop is distinct.</summary>
    private static byte[] Png(int index)
    {
        var raw = new byte[8 * (1 + (8 * 3))];
        var brightness = 60 + (index % 7 * 25);
        for (var y = 0; y < 8; y++)
        {
            raw[y * 25] = 0;
            for (var x = 0; x < 8; x++)
            {
                var offset = (y * 25) + 1 + (x * 3);
                raw[offset] = (byte)(brightness + ((index >> (x + y)) & 15));
                raw[offset + 1] = (byte)(brightness + ((index >> (2 * x)) & 7));
                raw[offset + 2] = (byte)(brightness + (y * 3));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, 8);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 8);
        header[8] = 8;
        header[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc(typeAndData));
        png.Write(number);
    }
}
