using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Review;

/// <summary>
/// Removes a person or a photo for good (<c>forge forget</c>): the stored photo and its crop are deleted, the rows that
/// held the person's name, role, links and decisions are deleted, and a <see cref="TakedownRecord"/> is kept so that a
/// refresh never brings them back (scrape matches it by source and key hash, and by photo sha256).
/// </summary>
/// <remarks>
/// The takedown record holds no name: a person's key (a profile URL or a normalised name) is stored as its sha256,
/// <see cref="KeyHash"/>, which is all scrape needs to recognise the person again. Versions cut before the takedown
/// are immutable and still hold their copy of the crop; <see cref="ForgetResult.Versions"/> names them.
/// Files are deleted before the rows, so an interrupted forget can simply be run again.
/// </remarks>
public static class Takedowns
{
    /// <summary>Value of <see cref="TakedownRecord.Kind"/> for a person.</summary>
    public const string PersonKind = "person";

    /// <summary>Value of <see cref="TakedownRecord.Kind"/> for a photo.</summary>
    public const string PhotoKind = "photo";

    /// <summary>The form a person's key is stored in: its sha256 (lower-case hex), so no name is kept.</summary>
    public static string KeyHash(string personKey)
    {
        ArgumentNullException.ThrowIfNull(personKey);
        return ContentHash.OfText(personKey);
    }

    /// <summary>Forgets person <paramref name="personId"/> and their photo.</summary>
    /// <exception cref="ArgumentException">No such person, or an empty reason.</exception>
    public static async Task<ForgetResult> ForgetPersonAsync(
        DatasetWorkspace workspace, CatalogueDbContext catalogue, int personId, string reason, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(catalogue);
        RequireReason(reason);
        var person = await catalogue.Items.Include(p => p.Source).Include(p => p.Photo)
            .FirstOrDefaultAsync(p => p.Id == personId, cancellationToken)
            ?? throw new ArgumentException($"There is no person #{personId} in the catalogue (already forgotten, or never scraped).", nameof(personId));
        var sha = person.Photo?.Sha256;
        var groupMates = person.GroupId is { } group
            ? await catalogue.Items.Where(p => p.GroupId == group && p.Id != personId).Select(p => p.Id).OrderBy(id => id).ToListAsync(cancellationToken)
            : [];
        var versions = await VersionsHoldingAsync(catalogue, [personId], cancellationToken);

        var deleted = sha is null ? [] : DeleteFiles(workspace, sha);
        await using var transaction = await catalogue.Database.BeginTransactionAsync(cancellationToken);
        catalogue.Takedowns.Add(new TakedownRecord
        {
            Kind = PersonKind,
            SourceName = person.Source?.Name,
            PersonKey = KeyHash(person.Key),
            Sha256 = sha,
            Reason = reason.Trim(),
            CreatedAt = now,
        });
        await catalogue.SaveChangesAsync(cancellationToken);
        var affected = person.PhotoId is { } photoId ? await DeletePhotoRowsAsync(catalogue, photoId, cancellationToken) : [];
        await catalogue.Decisions.Where(d => d.SubjectKind == SubjectKinds.Person && d.SubjectId == personId).ExecuteDeleteAsync(cancellationToken);
        await catalogue.Items.Where(p => p.Id == personId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ForgetResult([personId], [.. affected.Where(id => id != personId)], deleted, versions, groupMates);
    }

    /// <summary>Forgets the photo with sha256 <paramref name="sha256"/>; persons who used it keep their entry, without a photo.</summary>
    /// <exception cref="ArgumentException">Not a sha256, or an empty reason.</exception>
    public static async Task<ForgetResult> ForgetPhotoAsync(
        DatasetWorkspace workspace, CatalogueDbContext catalogue, string sha256, string reason, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(catalogue);
        RequireReason(reason);
        var sha = sha256?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!ContentHash.IsValid(sha))
        {
            throw new ArgumentException($"'{sha256}' is not a sha256 (64 hex digits); see the photo's Sha256 in the catalogue.", nameof(sha256));
        }

        var photo = await catalogue.Photos.AsNoTracking().FirstOrDefaultAsync(p => p.Sha256 == sha, cancellationToken);
        var users = photo is null ? [] : await catalogue.Items.Where(p => p.PhotoId == photo.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        var versions = await VersionsHoldingAsync(catalogue, users, cancellationToken);
        var alreadyRecorded = await catalogue.Takedowns.AnyAsync(t => t.Kind == PhotoKind && t.Sha256 == sha, cancellationToken);
        var deleted = DeleteFiles(workspace, sha);
        await using var transaction = await catalogue.Database.BeginTransactionAsync(cancellationToken);
        if (!alreadyRecorded)
        {
            catalogue.Takedowns.Add(new TakedownRecord { Kind = PhotoKind, Sha256 = sha, Reason = reason.Trim(), CreatedAt = now });
            await catalogue.SaveChangesAsync(cancellationToken);
        }

        if (photo is not null)
        {
            await DeletePhotoRowsAsync(catalogue, photo.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ForgetResult([], users, deleted, versions, []);
    }

    /// <summary>Every takedown, oldest first.</summary>
    public static async Task<IReadOnlyList<TakedownRecord>> ListAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return await catalogue.Takedowns.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A takedown needs a reason (--reason \"…\"): it is kept as the record of why.", nameof(reason));
        }
    }

    /// <summary>Deletes the photo's face, decisions and row; persons that used it lose the link. Returns those persons.</summary>
    private static async Task<List<int>> DeletePhotoRowsAsync(CatalogueDbContext catalogue, int photoId, CancellationToken cancellationToken)
    {
        var users = await catalogue.Items.Where(p => p.PhotoId == photoId).Select(p => p.Id).ToListAsync(cancellationToken);
        await catalogue.Items.Where(p => p.PhotoId == photoId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PhotoId, (int?)null).SetProperty(p => p.Status, (string?)null), cancellationToken);
        await catalogue.Decisions.Where(d => d.SubjectKind == SubjectKinds.Photo && d.SubjectId == photoId).ExecuteDeleteAsync(cancellationToken);
        await catalogue.Faces.Where(f => f.PhotoId == photoId).ExecuteDeleteAsync(cancellationToken);
        await catalogue.Photos.Where(p => p.Id == photoId).ExecuteDeleteAsync(cancellationToken);
        return users;
    }

    private static List<string> DeleteFiles(DatasetWorkspace workspace, string sha)
    {
        var deleted = new List<string>();
        foreach (var path in new[] { workspace.BlobPath(sha), workspace.CropPath(sha) })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted.Add(Path.GetRelativePath(workspace.Root, path).Replace('\\', '/'));
            }
        }

        return deleted;
    }

    private static async Task<List<string>> VersionsHoldingAsync(CatalogueDbContext catalogue, List<int> personIds, CancellationToken cancellationToken) =>
        personIds.Count == 0
            ? []
            : await catalogue.VersionItems.AsNoTracking().Where(i => personIds.Contains(i.PersonId))
                .Select(i => i.VersionId).Distinct().OrderBy(v => v).ToListAsync(cancellationToken);
}
