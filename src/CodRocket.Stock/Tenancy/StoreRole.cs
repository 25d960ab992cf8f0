namespace CodRocket.Stock.Tenancy;

public enum StoreRole
{
    Owner,
    Manager,
    Staff,
}

public static class StoreRoles
{
    /// <summary>Owner above Manager above Staff: nobody edits someone above them.</summary>
    public static bool IsAbove(this StoreRole role, StoreRole other) => role < other;

    /// <summary>The role on a sign-in cookie (<c>ClaimTypes.Role</c>); Staff, the least, when it is missing or unknown.</summary>
    public static StoreRole Parse(string? role) => Enum.TryParse<StoreRole>(role, out var parsed) ? parsed : StoreRole.Staff;
}
