using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// One bulk action, CSV import or revert as a whole: the <see cref="SettingChange"/> rows it wrote carry its id, so it
/// can be shown and put back as one change ("Revert this change", <see cref="ChangeRevert"/>). Saved in the unit of
/// work of the change itself, before its audit rows.
/// </summary>
public sealed class SettingChangeBatch : ITenantOwned
{
    public const int LabelMaxLength = 255;

    private SettingChangeBatch() { }

    public SettingChangeBatch(Guid id, ChangeSource source, string? label, Guid? userId, DateTimeOffset now, Guid? revertsId = null)
    {
        Id = id;
        Source = source;
        Label = label is { Length: > LabelMaxLength } ? label[..LabelMaxLength] : label;
        UserId = userId;
        CreatedAt = now;
        RevertsId = revertsId;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public ChangeSource Source { get; private set; }
    /// <summary>What the merchant knows the change by: an import's file name; null for a bulk action or a revert.</summary>
    public string? Label { get; private set; }
    public Guid? UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>For a revert: the change it put back. Unique, so a change is reverted at most once.</summary>
    public Guid? RevertsId { get; private set; }
    /// <summary>For a revert: products left as they were because their settings changed again after the change.</summary>
    public int SkippedChanged { get; private set; }
    /// <summary>For a revert: products left as they were because they are archived.</summary>
    public int SkippedArchived { get; private set; }

    public bool IsRevert => Source == ChangeSource.Revert;

    internal void Skipped(int changed, int archived) => (SkippedChanged, SkippedArchived) = (changed, archived);
}

internal sealed class SettingChangeBatchConfiguration : IEntityTypeConfiguration<SettingChangeBatch>
{
    public void Configure(EntityTypeBuilder<SettingChangeBatch> builder)
    {
        builder.ToTable("setting_change_batches");
        builder.HasKey(b => new { b.TenantId, b.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(b => b.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(b => new { b.TenantId, b.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SettingChangeBatch>().WithMany().HasForeignKey(b => new { b.TenantId, b.RevertsId }).OnDelete(DeleteBehavior.Cascade);
        // The second press of "Revert this change", or two people pressing it at once: refused by the database too.
        builder.HasIndex(b => new { b.TenantId, b.RevertsId }).IsUnique().HasFilter("reverts_id IS NOT NULL");
        builder.Property(b => b.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Label).HasMaxLength(SettingChangeBatch.LabelMaxLength);
        builder.Ignore(b => b.IsRevert);
    }
}
