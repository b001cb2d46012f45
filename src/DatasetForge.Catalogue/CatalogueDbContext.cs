using DatasetForge.Catalogue.Entities;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>The catalogue of one dataset: every source, item (person, image, frame), photo, face, decision, version and run.</summary>
/// <remarks>
/// This type is the SQLite catalogue and owns the SQLite migrations; <see cref="PostgresCatalogueDbContext"/> derives
/// from it with PostgreSQL's. Open either through <see cref="Catalogue.OpenAsync(DatasetForge.Core.Workspace.DatasetWorkspace, CancellationToken)"/>:
/// code outside this library never needs to know which one it holds.
/// </remarks>
public class CatalogueDbContext : DbContext
{
    public CatalogueDbContext(DbContextOptions<CatalogueDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, which brings its own options type and migrations.</summary>
    protected CatalogueDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Writes many rows at once the provider's fastest way.</summary>
    internal virtual IBulkWriter BulkWriter => new SqliteBulkWriter(this);

    public DbSet<SourceRecord> Sources => Set<SourceRecord>();

    public DbSet<ItemRecord> Items => Set<ItemRecord>();

    public DbSet<PhotoRecord> Photos => Set<PhotoRecord>();

    public DbSet<FaceRecord> Faces => Set<FaceRecord>();

    public DbSet<DecisionRecord> Decisions => Set<DecisionRecord>();

    public DbSet<VersionRecord> Versions => Set<VersionRecord>();

    public DbSet<VersionItemRecord> VersionItems => Set<VersionItemRecord>();

    public DbSet<TrainingRunRecord> TrainingRuns => Set<TrainingRunRecord>();

    public DbSet<StageRunRecord> StageRuns => Set<StageRunRecord>();

    public DbSet<PageRecord> Pages => Set<PageRecord>();

    public DbSet<TakedownRecord> Takedowns => Set<TakedownRecord>();

    public DbSet<FrontierRequestRecord> FrontierRequests => Set<FrontierRequestRecord>();

    /// <summary>Who works on the dataset now (see <see cref="Leasing.CatalogueLeases"/>).</summary>
    public DbSet<LeaseRecord> Leases => Set<LeaseRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SourceRecord>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(40);
        });

        modelBuilder.Entity<ItemRecord>(e =>
        {
            e.ToTable("Items");
            e.HasIndex(x => new { x.SourceId, x.Key }).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(20);
            e.HasIndex(x => x.PhotoId);
            e.HasIndex(x => x.GroupId);
            e.HasOne(x => x.Source).WithMany(x => x.Items).HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Photo).WithMany().HasForeignKey(x => x.PhotoId).OnDelete(DeleteBehavior.SetNull);
            // Only staff-page persons have a role and a profile link: a row of their own, absent for images and frames.
            e.OwnsOne(x => x.Person, person =>
            {
                person.ToTable("PersonDetails");
                person.WithOwner().HasForeignKey("ItemId");
                person.HasKey("ItemId");
            });
        });

        modelBuilder.Entity<PhotoRecord>(e =>
        {
            e.HasIndex(x => x.Sha256).IsUnique();
            e.Property(x => x.Sha256).HasMaxLength(64);
        });

        modelBuilder.Entity<FaceRecord>(e =>
        {
            e.HasIndex(x => x.PhotoId).IsUnique();
            e.HasOne(x => x.Photo).WithOne(x => x.Face).HasForeignKey<FaceRecord>(x => x.PhotoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DecisionRecord>(e =>
        {
            e.HasIndex(x => new { x.Stage, x.SubjectKind, x.SubjectId, x.Rule }).IsUnique();
            e.HasIndex(x => x.Rule);
        });

        modelBuilder.Entity<VersionRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CreatedAt);
            e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VersionItemRecord>(e =>
        {
            e.HasKey(x => new { x.VersionId, x.ItemId });
            e.HasIndex(x => x.PersonId);
        });

        modelBuilder.Entity<TrainingRunRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.StartedAt);
        });

        modelBuilder.Entity<StageRunRecord>(e => e.HasIndex(x => new { x.Stage, x.StartedAt }));

        modelBuilder.Entity<PageRecord>(e =>
        {
            e.HasIndex(x => new { x.SourceId, x.Url }).IsUnique();
            e.HasOne<SourceRecord>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TakedownRecord>(e =>
        {
            e.HasIndex(x => x.Sha256);
            e.HasIndex(x => new { x.SourceName, x.PersonKey });
        });

        modelBuilder.Entity<FrontierRequestRecord>(e =>
        {
            e.HasIndex(x => new { x.SourceId, x.Kind, x.Url }).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasOne<SourceRecord>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LeaseRecord>(e =>
        {
            // The scope is the key: taking a lease is one insert that only one process can win.
            e.HasKey(x => x.Scope);
            e.Property(x => x.Scope).HasMaxLength(200);
            e.Property(x => x.Host).HasMaxLength(255);
            e.Property(x => x.InstanceId).HasMaxLength(32);
            e.Property(x => x.Command).HasMaxLength(200);
        });
    }
}
