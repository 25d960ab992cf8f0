using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Tenancy;

/// <summary>What the activity log records: the store's security-relevant events, not its stock (that is the movement history).</summary>
public enum ActivityKind
{
    SignedIn,
    SignInFailed,
    LockedOut,
    ApiKeyCreated,
    ApiKeyRevoked,
    MemberInvited,
    MemberJoined,
    MemberChanged,
    MemberRoleChanged,
    MemberRemoved,
    MemberKeysRevoked,
    StoreSettingsChanged,
    NotificationSettingsChanged,
    WebhookCreated,
    WebhookChanged,
    WebhookSecretRotated,
    WebhookDeleted,
}

/// <summary>
/// One line of Settings → Activity: who did what, when and from where. The member's name is kept as it was (a removed
/// member's actions keep their author); the subject names what was acted on (a key, a member, the fields changed).
/// Written in the same SaveChanges as the change it describes, so the log never claims a change that did not happen.
/// </summary>
public sealed class ActivityEntry : ITenantOwned
{
    public const int TextMaxLength = 300;
    public const int AddressMaxLength = 64;
    public const int ClientMaxLength = 300;

    private ActivityEntry() { }

    public ActivityEntry(ActivityKind kind, DateTimeOffset at, Guid? actorId, string? actorName, string? subject, string? details,
        string? address, string? client)
    {
        Kind = kind;
        At = at;
        ActorId = actorId;
        ActorName = Clip(actorName, TextMaxLength);
        Subject = Clip(subject, TextMaxLength);
        Details = Clip(details, TextMaxLength);
        Address = Clip(address, AddressMaxLength);
        Client = Clip(client, ClientMaxLength);
    }

    public Guid TenantId { get; private set; }
    public long Id { get; private set; }
    public ActivityKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? ActorId { get; private set; }
    public string? ActorName { get; private set; }
    public string? Subject { get; private set; }
    public string? Details { get; private set; }
    public string? Address { get; private set; }
    public string? Client { get; private set; }

    // A user agent or a name is whatever the client sent: no control characters, and no more than the column holds.
    private static string? Clip(string? text, int max) =>
        text is null ? null : ControlCharacters.Strip(text) is var clean && clean.Length > max ? clean[..max] : clean;
}

internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> builder)
    {
        builder.ToTable("activity_log");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.TenantId, e.At });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(ActivityEntry.TextMaxLength);
        builder.Property(e => e.Subject).HasMaxLength(ActivityEntry.TextMaxLength);
        builder.Property(e => e.Details).HasMaxLength(ActivityEntry.TextMaxLength);
        builder.Property(e => e.Address).HasMaxLength(ActivityEntry.AddressMaxLength);
        builder.Property(e => e.Client).HasMaxLength(ActivityEntry.ClientMaxLength);
    }
}
