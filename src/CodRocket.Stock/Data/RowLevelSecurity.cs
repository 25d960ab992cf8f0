using System.Collections.Immutable;
using CodRocket.Stock.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Data;

/// <summary>
/// PostgreSQL row-level security, the second line of tenancy behind the EF filter: every store-owned table has a policy
/// (migration StoreRowLevelSecurity) that shows a connection only the rows of the store in its <c>app.tenant_id</c> setting (or every store when
/// <c>app.cross_store</c> is on), and the app acts as <see cref="Role"/>, which the policies bind. A raw statement
/// that forgets <c>tenant_id</c> then still sees one store; a connection with no store set sees none.
/// </summary>
/// <remarks>
/// The settings are applied with one statement: when EF opens a connection (<see cref="RowLevelSecurityInterceptor"/>),
/// and in the first batch of work that opens its connection itself (<see cref="SetCommand(ITenantContext, bool)"/> with <c>local</c>).
/// The connection string's user stays the owner: migrations run as it, and the role is a session setting, not a login.
/// That makes RLS a guard against mistakes in our SQL, not against SQL injection (which could RESET ROLE).
/// See docs/adr/0002-row-level-security.md.
/// </remarks>
public static class RowLevelSecurity
{
    /// <summary>The role the app acts as, subject to the policies (created by the StoreRowLevelSecurity migration).</summary>
    public const string Role = "codrocket_app";

    public const string TenantSetting = "app.tenant_id";
    public const string CrossStoreSetting = "app.cross_store";

    /// <summary>
    /// The SQLSTATE <c>api_key_in_force</c> raises for a key that is revoked, expired or unknown (migration
    /// ApiKeyInForceCheck): the API answers it 401, as it would a key it could not find.
    /// </summary>
    public const string KeyNotInForce = "CR401";

    // One text for every call (values as parameters), so Npgsql prepares it once per connection.
    private const string SetSql =
        $"SELECT set_config('role', $1, $4), set_config('{TenantSetting}', $2, $4), set_config('{CrossStoreSetting}', $3, $4)";

    // The same, for an API request whose key came from a node's cache: the key's check rides in the statement that every
    // batch of the request begins with (a function of the schema's owner: it reads the key whatever the policies say).
    private const string SetCheckingKeySql = SetSql + ", api_key_in_force($5, $6, $7)";

    // Tests only (see PinForTesting); empty in the app.
    private static ImmutableDictionary<Guid, Guid> _pinned = ImmutableDictionary<Guid, Guid>.Empty;

    /// <summary>
    /// The statement that makes a connection act as the app for the current store: session-wide, or for the current
    /// transaction only (<paramref name="local"/>, for work that opens its connection and transaction itself).
    /// </summary>
    public static NpgsqlBatchCommand SetCommand(ITenantContext tenant, bool local) => SetCommand(SettingOf(tenant), local);

    internal static NpgsqlBatchCommand SetCommand(Setting setting, bool local)
    {
        var tenant = setting.TenantId is { } id ? id.ToString() : "";
        var crossStore = setting.CrossStore ? "on" : "";
        var isLocal = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = local };
        return setting.Key is { } key
            ? Sql.Command(SetCheckingKeySql, Role, tenant, crossStore, isLocal, key.TenantId, key.KeyId, key.At)
            : Sql.Command(SetSql, Role, tenant, crossStore, isLocal);
    }

    /// <summary>True when <paramref name="exception"/>, or one it wraps, is the database refusing the request's API key.</summary>
    public static bool IsKeyNotInForce(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: KeyNotInForce })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What the connection should have set for this tenant context now.</summary>
    internal static Setting SettingOf(ITenantContext? tenant)
    {
        var key = tenant?.KeyInForce;
        if (tenant?.TenantId is { } id && !_pinned.IsEmpty && _pinned.TryGetValue(id, out var policyTenant))
        {
            return new Setting(policyTenant, false, key);
        }
        return new Setting(tenant?.TenantId, tenant?.IsCrossStore == true, key);
    }

    /// <summary>
    /// Tests only: until disposed, whatever acts for store <paramref name="actingFor"/> (a request, a job, a service
    /// call) gets connections set to store <paramref name="policyTenant"/> and never cross-store. Code run for store B with
    /// B's ids is then held by the policies to store A: a statement that reads or changes anything of B names B's rows
    /// through something other than the policy. Keyed by store, so tests running in parallel in other stores are untouched.
    /// </summary>
    internal static IDisposable PinForTesting(Guid actingFor, Guid policyTenant)
    {
        ImmutableInterlocked.AddOrUpdate(ref _pinned, actingFor, policyTenant, (_, _) => policyTenant);
        return new Unpin(actingFor);
    }

    private sealed class Unpin(Guid actingFor) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.TryRemove(ref _pinned, actingFor, out _);
    }

    /// <param name="Key">The API key to prove in force with the setting (see <see cref="ITenantContext.RequireKeyInForce"/>).</param>
    internal readonly record struct Setting(Guid? TenantId, bool CrossStore, ApiKeyInForce? Key = null);
}
