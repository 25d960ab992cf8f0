using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Notifications;

internal sealed class NotificationMessageConfiguration : IEntityTypeConfiguration<NotificationMessage>
{
    public void Configure(EntityTypeBuilder<NotificationMessage> builder)
    {
        builder.ToTable("notification_messages");
        builder.HasKey(m => new { m.TenantId, m.Id });
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.Recipient).HasMaxLength(256);
        builder.Property(m => m.Subject).HasMaxLength(NotificationMessage.SubjectMaxLength);
    }
}

internal sealed class NotificationAttemptConfiguration : IEntityTypeConfiguration<NotificationAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationAttempt> builder)
    {
        builder.ToTable("notification_attempts");
        builder.HasKey(a => new { a.TenantId, a.Id });
        builder.HasOne<Notification>().WithMany().HasForeignKey(a => new { a.TenantId, a.NotificationId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationMessage>().WithMany().HasForeignKey(a => new { a.TenantId, a.MessageId }).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(8);
        builder.Property(a => a.Failure).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.TenantId, a.NotificationId, a.AttemptedAt });
        builder.HasIndex(a => new { a.TenantId, a.MessageId });
    }
}
