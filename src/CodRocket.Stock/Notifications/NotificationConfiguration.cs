using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => new { n.TenantId, n.Id });
        // No foreign key to its alert (ADR 0005), as none to its member: the outbox row is written in the statement after
        // the alert's own, from the alerts that work just opened, and alerts are never deleted; delivery reads each alert
        // by id and leaves out one it cannot find.
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(8);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(n => n.Recipient).HasMaxLength(256);
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.Property(n => n.Failure).HasConversion<string>().HasMaxLength(32);
        // What delivery jobs and the sweep look for: rows not yet done.
        builder.HasIndex(n => new { n.TenantId, n.Channel, n.Recipient })
            .HasFilter("status IN ('Pending', 'Sending')")
            .HasDatabaseName("ix_notifications_undelivered");
        // The pacing of a recipient's alerts: when they were last sent one, how many in the last hour (NotificationOutbox).
        builder.HasIndex(n => new { n.TenantId, n.Channel, n.Recipient, n.ClaimedAt })
            .HasFilter("kind = 'Alert' AND claimed_at IS NOT NULL")
            .HasDatabaseName("ix_notifications_alert_pacing");
        builder.HasIndex(n => new { n.TenantId, n.CreatedAt });
        builder.HasIndex(n => new { n.TenantId, n.AlertId });
    }
}
