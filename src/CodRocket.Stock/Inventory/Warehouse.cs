using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Inventory;

public sealed class Warehouse : ITenantOwned
{
    public const int CodeMaxLength = 16;
    public const int NameMaxLength = 120;
    public const int CityMaxLength = 120;

    private Warehouse() { }

    public Warehouse(string code, string name, string? city)
    {
        Id = Guid.CreateVersion7();
        Update(code, name, city);
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? City { get; private set; }
    public bool IsActive { get; private set; } = true;

    /// <summary>Codes are identifiers merchants type in imports and the API: trimmed and upper-cased.</summary>
    public static string NormalizeCode(string code) => Catalog.Identifiers.Normalize(code).ToUpperInvariant();

    public void Update(string code, string name, string? city)
    {
        var normalized = NormalizeCode(code);
        if (normalized.Length is 0 or > CodeMaxLength)
        {
            throw new ArgumentException($"A warehouse code has 1 to {CodeMaxLength} characters.", nameof(code));
        }
        if (Catalog.Identifiers.HasHiddenCharacters(normalized))
        {
            throw new ArgumentException("A warehouse code cannot hold invisible or bidirectional control characters.", nameof(code));
        }
        var trimmedName = name.Trim();
        if (trimmedName.Length is 0 or > NameMaxLength)
        {
            throw new ArgumentException($"A warehouse name has 1 to {NameMaxLength} characters.", nameof(name));
        }
        Code = normalized;
        Name = trimmedName;
        City = string.IsNullOrWhiteSpace(city) ? null : city.Trim();
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}
